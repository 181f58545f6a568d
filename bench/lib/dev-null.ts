import { openSync, writeSync } from 'node:fs';
import { createBatchedDestination } from '@vigil/core';

/**
 * The production batched log destination writing to /dev/null with one synchronous write per
 * event-loop turn, as it does to a pipe (stdout under a supervisor or a container runtime).
 * An `fs.WriteStream` would hand every write to libuv's thread pool, a cost production never pays.
 */
export function devNullLogDestination() {
  const fd = openSync('/dev/null', 'w');
  return createBatchedDestination({ fd, write: (chunk: string) => writeSync(fd, chunk) });
}

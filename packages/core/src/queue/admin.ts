import type { DeadLetter, QueueStatus, ReplaySelection, Transport } from './types.js';

/** Counts per queue (`vigil queue status`): the named queues, or every known one. */
export function queueStatus(
  transport: Transport,
  queues?: readonly string[],
): Promise<QueueStatus[]> {
  return transport.status(queues?.length ? queues : undefined);
}

/** Dead letters, oldest first (`vigil queue dlq list`); RabbitMQ needs the queue. */
export function listDeadLetters(
  transport: Transport,
  options: { queue?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  return transport.dlq.list(options);
}

/** Puts dead letters back on their queue with fresh attempts (`vigil queue dlq replay`). */
export function replayDeadLetters(
  transport: Transport,
  selection: ReplaySelection,
  options: { queue?: string } = {},
): Promise<number> {
  return transport.dlq.replay(selection, options);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `vigil queue status` output: one aligned row per queue; `-` for a figure the broker hides. */
export function formatQueueStatus(rows: readonly QueueStatus[]): string {
  if (rows.length === 0) return 'no queues\n';
  const n = (v: number | null) => (v === null ? '-' : String(v));
  return table(
    ['QUEUE', 'READY', 'UNACKED', 'DELAYED', 'DEAD', 'CONSUMERS'],
    rows.map((r) => [r.queue, n(r.ready), n(r.unacked), n(r.delayed), n(r.dead), n(r.consumers)]),
  );
}

/** `vigil queue dlq list` output: one row per dead letter with its error. */
export function formatDeadLetters(rows: readonly DeadLetter[]): string {
  if (rows.length === 0) return 'no dead letters\n';
  return table(
    ['ID', 'QUEUE', 'TOPIC', 'ATTEMPTS', 'FAILED AT', 'ERROR'],
    rows.map((r) => [
      r.id,
      r.queue,
      r.topic,
      String(r.attempts),
      r.failedAt?.toISOString() ?? '-',
      r.error.replace(/\s+/g, ' '),
    ]),
  );
}

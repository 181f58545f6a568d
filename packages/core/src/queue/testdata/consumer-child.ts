/**
 * A consumer process for the crash test: handles events idempotently, recording each run in the
 * `handled` table inside the handler's transaction, slowly, and hangs after CHILD_HANG_AFTER
 * events, so the parent can SIGKILL it while a batch is in flight. Prints `ready` once consuming and `start <id>` as each handler begins.
 */
import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import { createDatabase } from '../../store/index.js';
import { createIdempotentHandler } from '../idempotent.js';
import type { TestTables } from '../test-support.js';
import { createTransport } from '../transport.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const queue = env('CHILD_QUEUE');
const database = createDatabase<TestTables>(
  { DataSource: env('CHILD_DB_URL') },
  { logger: pino({ level: 'silent' }), service: 'crash-child' },
);
const transport = createTransport(JSON.parse(env('CHILD_QUEUE_CONFIG')));
const workMs = Number(env('CHILD_WORK_MS'));
// Handlers after this many never finish, so the parent always finds a batch in flight to kill.
const hangAfter = Number(env('CHILD_HANG_AFTER'));
let starts = 0;
const handler = createIdempotentHandler(database, queue, async (event, trx) => {
  starts += 1;
  process.stdout.write(`start ${event.id}\n`);
  await trx.insertInto('handled').values({ event_id: event.id, runner: 'child' }).execute();
  // The work itself: the row above commits only if the process survives it.
  await delay(starts > hangAfter ? 600_000 : workMs);
});
await transport.consume(queue, [env('CHILD_TOPIC')], handler, { prefetch: 8 });
process.stdout.write('ready\n');

import type pg from 'pg';
import type { AppError } from '../../errors/index.js';
import { unroutableError } from '../queue-name.js';
import type { OutgoingEvent } from '../types.js';
import type { PgQueueTables } from './schema.js';

/**
 * Publishes a batch in one statement and one commit: every event fans out to the queues whose
 * binding key matches its topic, rows are inserted in batch order, and each receiving queue gets
 * one NOTIFY. One statement per batch matters: NOTIFY takes a global lock from commit until the
 * end of the commit (its WAL flush included), so NOTIFYing transactions commit one at a time —
 * measured here, single-row publishes reached ~550/s with NOTIFY against ~3,800/s without.
 * Resolves with undefined for each routed event and an `unroutable` error for the others.
 */
export async function publishPgBatch(
  pool: pg.Pool,
  t: PgQueueTables,
  events: readonly OutgoingEvent[],
): Promise<(AppError | undefined)[]> {
  if (events.length === 0) return [];
  const { rows } = await pool.query<{ routed: string[] }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
         with ordinality as i(event_id, topic, payload, headers, n)),
     targets as (
       select distinct i.n, b.queue
         from input i join ${t.bindings} b on ('.' || i.topic) ~ b.regex),
     inserted as (
       insert into ${t.messages} (event_id, topic, queue, payload, headers)
       select i.event_id, i.topic, tg.queue, i.payload, i.headers
         from targets tg join input i on i.n = tg.n
        order by tg.n
       returning queue),
     notified as (
       select pg_notify($5, queue) from (select distinct queue from inserted) q)
     select array(select distinct n::text from targets) as routed,
            (select count(*) from notified) as queues`,
    [
      events.map((e) => e.id),
      events.map((e) => e.topic),
      events.map((e) => e.body),
      events.map((e) => JSON.stringify(e.headers)),
      t.channel,
    ],
  );
  const routed = new Set(rows[0]?.routed ?? []);
  return events.map((e, i) => (routed.has(String(i + 1)) ? undefined : unroutableError(e.topic)));
}

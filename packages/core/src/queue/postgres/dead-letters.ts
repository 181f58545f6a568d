import type pg from 'pg';
import { checkQueueName } from '../queue-name.js';
import type { DeadLetter, DeadLetterQueue } from '../types.js';
import type { PgQueueTables } from './schema.js';

interface DeadRow {
  event_id: string;
  queue: string;
  topic: string;
  payload: string;
  headers: Record<string, string>;
  attempts: number;
  last_error: string | null;
  failed_at: Date | null;
}

/**
 * Dead letters of the PostgreSQL transport are rows flagged `dead`, kept with their last error;
 * replay clears the flag and the attempt count and NOTIFYs the queues, in one statement.
 */
export function createPgDeadLetters(
  pool: pg.Pool,
  t: PgQueueTables,
  exists: () => Promise<boolean>,
): DeadLetterQueue {
  return {
    async list(options = {}) {
      if (options.queue) checkQueueName(options.queue);
      if (!(await exists())) return [];
      const { rows } = await pool.query<DeadRow>(
        `select event_id, queue, topic, payload, headers, attempts, last_error, failed_at
           from ${t.messages}
          where dead and ($1::text is null or queue = $1)
          order by failed_at, id limit $2`,
        [options.queue ?? null, options.limit ?? 100],
      );
      return rows.map((r): DeadLetter => ({
        id: r.event_id,
        queue: r.queue,
        topic: r.topic,
        payload: r.payload,
        headers: r.headers,
        attempts: r.attempts,
        error: r.last_error ?? 'unknown',
        failedAt: r.failed_at ?? undefined,
      }));
    },
    async replay(selection, options = {}) {
      if (options.queue) checkQueueName(options.queue);
      if (!(await exists())) return 0;
      // last_error is kept: it still says why the event failed before the replay.
      const { rows } = await pool.query<{ replayed: string }>(
        `with replayed as (
           update ${t.messages}
              set dead = false, attempts = 0, available_at = now(), locked_until = null,
                  failed_at = null
            where dead and ($1::text is null or queue = $1)
              and ($2::text[] is null or event_id = any($2))
            returning queue),
         notified as (
           select pg_notify($3, queue) from (select distinct queue from replayed) q)
         select (select count(*) from replayed) as replayed, (select count(*) from notified) as n`,
        [options.queue ?? null, selection === 'all' ? null : [...selection], t.channel],
      );
      return Number(rows[0]?.replayed ?? 0);
    },
  };
}

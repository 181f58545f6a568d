import type pg from 'pg';
import type { Logger } from 'pino';
import { retryDelayMs } from '../backoff.js';
import type { QueueConfig } from '../config.js';
import { dispatch, type DispatchOutcome } from '../dispatch.js';
import type { QueueMetrics } from '../metrics.js';
import { createOutageLog } from '../outage-log.js';
import type { Consumer, EventHandler, EventHeaders } from '../types.js';
import { createWaker } from '../waker.js';
import type { PgListener } from './listener.js';
import type { PgQueueTables } from './schema.js';

/** Everything one PostgreSQL consumer needs. */
export interface PgConsumerOptions {
  pool: pg.Pool;
  tables: PgQueueTables;
  listener: PgListener;
  config: QueueConfig;
  queue: string;
  handler: EventHandler;
  prefetch: number;
  maxAttempts: number;
  logger: Logger;
  metrics: QueueMetrics;
}

interface Claimed {
  id: string;
  event_id: string;
  topic: string;
  payload: string;
  headers: EventHeaders;
  attempts: number;
}

/**
 * Consumes one queue of the PostgreSQL transport. Claims up to its free slots with
 * `FOR UPDATE SKIP LOCKED` (replicas never claim the same row), sleeps until a NOTIFY, a freed
 * slot or the poll interval, and heartbeats the visibility timeout of the rows it is handling so
 * only a crashed consumer's rows are delivered again. Settling statements match the claim's
 * attempt number, so a consumer that overran its visibility timeout cannot ack a row another
 * consumer has claimed since.
 */
export function startPgConsumer(options: PgConsumerOptions): Consumer {
  const { pool, tables: t, config, queue, logger, metrics } = options;
  const log = logger.child({ queue });
  const outage = createOutageLog(log, config.UnavailableLogIntervalMs);
  const waker = createWaker();
  const inFlight = new Map<string, { attempts: number; task: Promise<void> }>();
  const vtSeconds = config.VisibilityTimeoutMs / 1000;
  const refillAt = Math.max(1, Math.ceil(options.prefetch / 4));
  let stopped = false;
  let saturated = false;
  let failures = 0;

  async function claim(limit: number): Promise<Claimed[]> {
    const { rows } = await pool.query<Claimed>(
      `update ${t.messages} m
          set attempts = m.attempts + 1,
              available_at = now() + make_interval(secs => $3),
              locked_until = now() + make_interval(secs => $3)
        where m.id = any(array(
          select id from ${t.messages}
           where queue = $1 and not dead and available_at <= now()
           order by available_at
           limit $2
           for update skip locked))
        returning m.id, m.event_id, m.topic, m.payload, m.headers, m.attempts`,
      [queue, limit, vtSeconds],
    );
    return rows;
  }

  async function settle(row: Claimed, outcome: DispatchOutcome): Promise<void> {
    switch (outcome.result) {
      case 'ok':
        await pool.query(`delete from ${t.messages} where id = $1 and attempts = $2`, [
          row.id,
          row.attempts,
        ]);
        return;
      case 'retry': {
        const delay = retryDelayMs(row.attempts, config.BackoffMs, config.MaxBackoffMs);
        await pool.query(
          `update ${t.messages}
              set available_at = now() + make_interval(secs => $3), locked_until = null,
                  last_error = $4
            where id = $1 and attempts = $2`,
          [row.id, row.attempts, delay / 1000, outcome.error ?? ''],
        );
        // Wake ourselves when the retry is due rather than waiting for the next poll.
        setTimeout(() => waker.wake(), delay).unref();
        return;
      }
      case 'dead':
        await pool.query(
          `update ${t.messages}
              set dead = true, locked_until = null, last_error = $3, failed_at = now()
            where id = $1 and attempts = $2`,
          [row.id, row.attempts, outcome.error ?? ''],
        );
        return;
    }
  }

  async function handle(row: Claimed): Promise<void> {
    const delivery = {
      id: row.event_id,
      topic: row.topic,
      queue,
      body: row.payload,
      headers: row.headers,
      attempt: row.attempts,
    };
    // Claimed more often than allowed without ever being settled: its consumer keeps dying on it.
    const outcome: DispatchOutcome =
      row.attempts > options.maxAttempts
        ? {
            result: 'dead',
            error: `claimed ${row.attempts - 1} times without an ack (consumer crashed or overran its visibility timeout)`,
          }
        : await dispatch(delivery, options.handler, options.maxAttempts, log, metrics);
    if (row.attempts > options.maxAttempts) metrics.deadLetters.inc({ queue });
    try {
      await settle(row, outcome);
    } catch (err) {
      // The database went away: the visibility timeout delivers the row again later.
      log.warn(
        { err, eventId: row.event_id },
        'could not settle the event; it will be redelivered',
      );
    }
  }

  function start(row: Claimed): void {
    const task = handle(row).finally(() => {
      inFlight.delete(row.id);
      const free = options.prefetch - inFlight.size;
      if ((saturated && free >= refillAt) || (stopped && inFlight.size === 0)) waker.wake();
    });
    inFlight.set(row.id, { attempts: row.attempts, task });
  }

  async function heartbeat(): Promise<void> {
    if (inFlight.size === 0) return;
    const ids = [...inFlight.keys()];
    const attempts = ids.map((id) => inFlight.get(id)?.attempts ?? 0);
    await pool.query(
      `update ${t.messages} m
          set locked_until = now() + make_interval(secs => $3),
              available_at = now() + make_interval(secs => $3)
         from unnest($1::bigint[], $2::int[]) as h(id, attempts)
        where m.id = h.id and m.attempts = h.attempts and not m.dead and m.locked_until is not null`,
      [ids, attempts, vtSeconds],
    );
  }

  const heartbeatTimer = setInterval(() => {
    heartbeat().catch((err: unknown) => log.debug({ err }, 'visibility heartbeat failed'));
  }, config.VisibilityTimeoutMs / 3);
  heartbeatTimer.unref();
  const unsubscribe = options.listener.subscribe(queue, waker);

  const loop = (async () => {
    while (!stopped) {
      const room = options.prefetch - inFlight.size;
      let delay = config.PollIntervalMs;
      if (room > 0) {
        try {
          const rows = await claim(room);
          failures = 0;
          outage.recovered('queue consumer reaches its database again');
          saturated = rows.length === room;
          for (const row of rows) start(row);
          if (saturated) delay = inFlight.size < options.prefetch ? 0 : config.PollIntervalMs;
        } catch (err) {
          failures += 1;
          outage.failed(err, 'queue consumer cannot claim events; retrying');
          delay = retryDelayMs(failures, 100, config.RelayMaxBackoffMs);
        }
      }
      if (!stopped && delay > 0) await waker.sleep(delay);
    }
  })();

  return {
    queue,
    inFlight: () => inFlight.size,
    async stop() {
      stopped = true;
      unsubscribe();
      waker.wake();
      await loop;
      log.info(
        { inFlight: inFlight.size },
        'consumer stopped taking events; finishing those in flight',
      );
      // Let the handlers in flight finish and settle; keep their visibility alive meanwhile.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()].map((f) => f.task));
      clearInterval(heartbeatTimer);
    },
  };
}

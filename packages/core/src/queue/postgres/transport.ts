import pg from 'pg';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../errors/index.js';
import { withTimeout } from '../../resilience/index.js';
import type { QueueConfig } from '../config.js';
import type { QueueMetrics } from '../metrics.js';
import { checkQueueName } from '../queue-name.js';
import { redactUrl } from '../rabbitmq/connection.js';
import { topicPatternToRegex } from '../topic-pattern.js';
import type { Consumer, OutgoingEvent, QueueStatus, Transport } from '../types.js';
import { startPgConsumer } from './consumer.js';
import { createPgDeadLetters } from './dead-letters.js';
import { createPgListener } from './listener.js';
import { publishPgBatch } from './publish.js';
import { ensurePgQueueSchema, pgQueueTables } from './schema.js';

interface StatusRow {
  queue: string;
  ready: string;
  unacked: string;
  delayed: string;
  dead: string;
}

function emptyStatus(queue: string): QueueStatus {
  return { queue, ready: 0, unacked: 0, delayed: 0, dead: 0, consumers: null };
}

function unavailable(err: unknown, what: string): AppError {
  return isAppError(err) ? err : new AppError('UNAVAILABLE', what, { cause: err });
}

/**
 * The PostgreSQL transport (embedded mode, where services are separate processes sharing the
 * embedded server's `queue` database). Routing copies RabbitMQ's topic exchange: publishing
 * inserts one row per queue whose binding key matches the topic, and NOTIFYs those queues in the
 * same statement (delivered at commit).
 */
export function createPostgresTransport(
  config: QueueConfig,
  logger: Logger,
  metrics: QueueMetrics,
): Transport {
  const log = logger.child({ transport: 'postgres' });
  const t = pgQueueTables(config.Schema);
  const pool = new pg.Pool({
    connectionString: config.Url,
    max: config.MaxConns,
    connectionTimeoutMillis: config.PublishTimeoutMs,
    application_name: 'vigil-queue',
  });
  pool.on('error', (err) => log.warn({ err }, 'idle queue database connection failed'));
  const listener = createPgListener(config.Url, t.channel, log);
  const consumers = new Set<Consumer>();
  const depthTimers = new Set<NodeJS.Timeout>();
  let schemaReady: Promise<void> | undefined;

  const down = `the queue database at ${redactUrl(config.Url)} is unavailable`;

  /** Creates the tables if needed: producers and consumers declare, like RabbitMQ topology. */
  function ready(): Promise<void> {
    schemaReady ??= ensurePgQueueSchema(pool, t).catch((err: unknown) => {
      schemaReady = undefined;
      throw unavailable(err, down);
    });
    return schemaReady;
  }

  /** For read-only commands (`vigil queue status`): whether the tables exist, creating nothing. */
  async function exists(): Promise<boolean> {
    if (schemaReady) return true;
    try {
      const { rows } = await pool.query<{ found: boolean }>(
        `select to_regclass($1) is not null and to_regclass($2) is not null as found`,
        [t.messages, t.bindings],
      );
      return rows[0]?.found === true;
    } catch (err) {
      throw unavailable(err, down);
    }
  }

  async function declare(queue: string, topics: readonly string[]): Promise<void> {
    checkQueueName(queue);
    await ready();
    try {
      for (const pattern of topics) {
        await pool.query(
          `insert into ${t.bindings} (queue, pattern, regex) values ($1, $2, $3)
           on conflict do nothing`,
          [queue, pattern, topicPatternToRegex(pattern)],
        );
      }
    } catch (err) {
      throw unavailable(err, down);
    }
  }

  async function status(queues?: readonly string[]): Promise<QueueStatus[]> {
    queues?.forEach(checkQueueName);
    if (!(await exists())) return (queues ?? []).map((queue) => emptyStatus(queue));
    const { rows } = await pool.query<StatusRow>(
      `with names as (
         select queue from ${t.bindings} union select distinct queue from ${t.messages})
       select n.queue,
              count(m.id) filter (where not m.dead and m.available_at <= now()) as ready,
              count(m.id) filter (where not m.dead and m.locked_until > now()) as unacked,
              count(m.id) filter (where not m.dead and m.available_at > now()
                                    and (m.locked_until is null or m.locked_until <= now())) as delayed,
              count(m.id) filter (where m.dead) as dead
         from names n left join ${t.messages} m on m.queue = n.queue
        where $1::text[] is null or n.queue = any($1)
        group by n.queue order by n.queue`,
      [queues ?? null],
    );
    const byName = new Map(rows.map((r) => [r.queue, r]));
    const out = (queues ?? rows.map((r) => r.queue)).map((queue): QueueStatus => {
      const r = byName.get(queue);
      if (!r) return emptyStatus(queue);
      return {
        queue,
        ready: Number(r.ready),
        unacked: Number(r.unacked),
        delayed: Number(r.delayed),
        dead: Number(r.dead),
        consumers: null,
      };
    });
    for (const s of out) {
      metrics.depth.set({ queue: s.queue, state: 'ready' }, s.ready);
      metrics.depth.set({ queue: s.queue, state: 'delayed' }, s.delayed);
      metrics.depth.set({ queue: s.queue, state: 'dead' }, s.dead);
    }
    return out;
  }

  /** pg's errors (connection refused, …) become the catalog's UNAVAILABLE. */
  async function guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw unavailable(err, down);
    }
  }
  const dlq = createPgDeadLetters(pool, t, exists);

  async function publishMany(events: readonly OutgoingEvent[]): Promise<(AppError | undefined)[]> {
    try {
      return await withTimeout(
        async () => {
          await ready();
          return publishPgBatch(pool, t, events);
        },
        config.PublishTimeoutMs,
        () => new AppError('TIMEOUT', 'the queue database did not confirm the events in time'),
      );
    } catch (err) {
      throw unavailable(err, down);
    }
  }

  return {
    kind: 'postgres',
    declare: (queue, topics) => declare(queue, topics),
    async publish(event) {
      const [error] = await publishMany([event]);
      if (error) throw error;
    },
    publishMany,
    async consume(queue, topics, handler, options = {}) {
      await declare(queue, topics);
      const consumer = startPgConsumer({
        pool,
        tables: t,
        listener,
        config,
        queue,
        handler: handler as Parameters<typeof startPgConsumer>[0]['handler'],
        prefetch: options.prefetch ?? config.Prefetch,
        maxAttempts: options.maxAttempts ?? config.MaxAttempts,
        logger: log,
        metrics,
      });
      consumers.add(consumer);
      let timer: NodeJS.Timeout | undefined;
      if (config.DepthIntervalMs > 0) {
        timer = setInterval(() => {
          status([queue]).catch(() => undefined);
        }, config.DepthIntervalMs);
        timer.unref();
        depthTimers.add(timer);
      }
      return {
        queue,
        inFlight: () => consumer.inFlight(),
        async stop() {
          if (timer) {
            clearInterval(timer);
            depthTimers.delete(timer);
          }
          consumers.delete(consumer);
          await consumer.stop();
        },
      };
    },
    status: (queues) => guard(() => status(queues)),
    dlq: {
      list: (options) => guard(() => dlq.list(options)),
      replay: (selection, options) => guard(() => dlq.replay(selection, options)),
    },
    async close() {
      for (const timer of depthTimers) clearInterval(timer);
      depthTimers.clear();
      await Promise.all([...consumers].map((c) => c.stop()));
      consumers.clear();
      await listener.close();
      await pool.end();
    },
  };
}

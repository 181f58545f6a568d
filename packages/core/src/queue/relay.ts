import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError, isAppError } from '../errors/index.js';
import type { Database } from '../store/index.js';
import { tracingEnabled, type Span } from '../trace/index.js';
import { retryDelayMs, retryLevelMs } from './backoff.js';
import { QueueConfigSchema, type QueueConfig } from './config.js';
import { errorSummary } from './headers.js';
import { queueMetrics } from './metrics.js';
import { createOutageLog } from './outage-log.js';
import { startPublishSpan } from './queue-span.js';
import type { OutboxTables } from './outbox-schema.js';
import type { EventHeaders, Transport } from './types.js';
import { createWaker } from './waker.js';

const RelaySettingsSchema = Type.Pick(QueueConfigSchema, [
  'RelayIntervalMs',
  'RelayIdleMaxMs',
  'RelayBatchSize',
  'RelayMaxBackoffMs',
  'BackoffMs',
  'MaxBackoffMs',
  'OutboxRetentionMs',
  'UnavailableLogIntervalMs',
]);

/** What the relay needs from its service. */
export interface OutboxRelayOptions<DB> {
  /** The service's database holding `vigil_outbox` (see outboxMigrations). */
  database: Database<DB>;
  transport: Transport;
  logger: Logger;
  registry?: Registry | undefined;
  /** The service's `Queue:` settings; only the Relay*, Backoff*, retention and log keys are read. */
  config?: Partial<QueueConfig>;
  /** Shorthand for `config.RelayIntervalMs`. */
  intervalMs?: number;
}

/** Moves committed outbox rows to the broker. */
export interface OutboxRelay {
  /** Starts the background loop (idempotent). */
  start(): void;
  /** Lets the loop run now instead of at its next interval (call after committing events). */
  wake(): void;
  /** Publishes everything publishable now; resolves with the number of events sent. */
  drain(): Promise<number>;
  /** Stops claiming rows and waits for the batch being published. Idempotent. */
  stop(): Promise<void>;
}

interface Row {
  id: string;
  topic: string;
  payload: string;
  headers: string;
  attempts: number;
}

interface CycleResult {
  claimed: number;
  sent: number;
  /** Set when publishing failed for a reason that is not the event's own (broker down). */
  transportError?: unknown;
}

const CLEANUP_EVERY_MS = 60_000;
const CLEANUP_BATCH = 1000;

function isUnroutable(err: unknown): boolean {
  return isAppError(err) && err.details?.some((d) => d.reason === 'unroutable') === true;
}

function parseHeaders(text: string): EventHeaders {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as EventHeaders) : {};
  } catch {
    return {};
  }
}

/**
 * The transactional outbox's relay: claims unsent rows oldest first (`FOR UPDATE SKIP LOCKED`, so
 * several replicas share the work without double-publishing a row), publishes each with a
 * publisher confirm, and marks the confirmed ones sent in the same transaction. A crash between
 * the confirm and the commit publishes those rows again: delivery is at least once and consumers
 * deduplicate by event id. While the broker is unreachable it retries with capped backoff and
 * warns once per interval; rows stay unsent and nothing is lost.
 */
export function createOutboxRelay<DB>(options: OutboxRelayOptions<DB>): OutboxRelay {
  const settings = Value.Default(RelaySettingsSchema, {
    ...(Value.Clean(RelaySettingsSchema, Value.Clone(options.config ?? {})) as object),
    ...(options.intervalMs !== undefined && { RelayIntervalMs: options.intervalMs }),
  }) as Pick<QueueConfig, keyof typeof RelaySettingsSchema.properties>;
  const { database, transport, logger } = options;
  const db = database.db as unknown as Kysely<OutboxTables>;
  const metrics = queueMetrics(options.registry);
  const outage = createOutageLog(logger, settings.UnavailableLogIntervalMs);
  const waker = createWaker();
  let running = false;
  let loop: Promise<void> | undefined;
  let failures = 0;
  // Consecutive passes that found nothing: an idle outbox is polled less and less often, down to
  // once per RelayIdleMaxMs, instead of five queries every RelayIntervalMs for ever.
  let idlePasses = 0;
  const idleMaxMs = Math.max(settings.RelayIntervalMs, settings.RelayIdleMaxMs);
  let lastCleanup = Number.NEGATIVE_INFINITY;

  async function publishRows(trx: Kysely<OutboxTables>, rows: Row[]): Promise<CycleResult> {
    const spans: (Span | undefined)[] = [];
    const events = rows.map((r) => {
      const event = { id: r.id, topic: r.topic, body: r.payload, headers: parseHeaders(r.headers) };
      const traced = tracingEnabled() ? startPublishSpan(event, transport.kind) : undefined;
      spans.push(traced?.span);
      return traced ? traced.event : event;
    });
    let outcomes: unknown[];
    try {
      outcomes = await transport.publishMany(events);
    } catch (err) {
      outcomes = rows.map(() => err);
    }
    for (const [i, span] of spans.entries()) {
      if (!span) continue;
      if (outcomes[i] !== undefined) span.recordError(outcomes[i]);
      span.end();
    }
    const sent: string[] = [];
    const down: string[] = [];
    let transportError: unknown;
    let firstError: unknown;
    for (const [i, error] of outcomes.entries()) {
      const row = rows[i]!;
      if (error === undefined) {
        sent.push(row.id);
        continue;
      }
      firstError ??= error;
      if (isUnroutable(error)) {
        // The event's own problem (no queue bound to its topic yet): back this row off alone.
        const delay = retryDelayMs(row.attempts + 1, settings.BackoffMs, settings.MaxBackoffMs);
        await trx
          .updateTable('vigil_outbox')
          .set({
            attempts: row.attempts + 1,
            last_error: errorSummary(error),
            available_at: new Date(Date.now() + delay),
          })
          .where('id', '=', row.id)
          .execute();
      } else {
        transportError ??= error;
        down.push(row.id);
      }
    }
    const now = new Date();
    if (sent.length > 0) {
      await trx.updateTable('vigil_outbox').set({ sent_at: now }).where('id', 'in', sent).execute();
    }
    if (down.length > 0) {
      // Broker down: count and remember the error, but keep the rows due so they go out as
      // soon as it is back (the relay's own backoff paces the retries).
      await trx
        .updateTable('vigil_outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: errorSummary(transportError),
        }))
        .where('id', 'in', down)
        .execute();
    }
    metrics.outboxPublished.inc({ result: 'sent' }, sent.length);
    if (rows.length > sent.length) {
      metrics.outboxPublished.inc({ result: 'failed' }, rows.length - sent.length);
    }
    if (firstError !== undefined && transportError === undefined) {
      logger.warn({ err: firstError }, 'outbox relay: event not routable, retrying it later');
    }
    return { claimed: rows.length, sent: sent.length, transportError };
  }

  function cycle(): Promise<CycleResult> {
    // READ COMMITTED: on MySQL/MariaDB a locking range read under REPEATABLE READ also takes gap
    // locks, which would block producers inserting new rows until the batch is published.
    return database.transaction(
      async (t) => {
        const trx = t as unknown as Kysely<OutboxTables>;
        const rows = await trx
          .selectFrom('vigil_outbox')
          .select(['id', 'topic', 'payload', 'headers', 'attempts'])
          .where('sent_at', 'is', null)
          .where('available_at', '<=', new Date())
          .orderBy('created_at')
          .limit(settings.RelayBatchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return { claimed: 0, sent: 0 };
        return publishRows(trx, rows);
      },
      { isolationLevel: 'read committed' },
    );
  }

  async function updateLag(): Promise<void> {
    const row = await db
      .selectFrom('vigil_outbox')
      .select((eb) => eb.fn.min('created_at').as('oldest'))
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
    metrics.outboxLag.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
  }

  async function cleanup(): Promise<void> {
    if (settings.OutboxRetentionMs === 0 || Date.now() - lastCleanup < CLEANUP_EVERY_MS) return;
    lastCleanup = Date.now();
    const cutoff = new Date(Date.now() - settings.OutboxRetentionMs);
    // Small batches keep each delete's locks short; the next minute continues.
    await (database.dialect === 'postgres'
      ? db
          .deleteFrom('vigil_outbox')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('vigil_outbox')
              .select('id')
              .where('sent_at', '<', cutoff)
              .limit(CLEANUP_BATCH),
          )
          .execute()
      : db.deleteFrom('vigil_outbox').where('sent_at', '<', cutoff).limit(CLEANUP_BATCH).execute());
  }

  /** One pass; resolves with the delay before the next one. */
  async function step(): Promise<number> {
    let delay = settings.RelayIntervalMs;
    try {
      const result = await cycle();
      if (result.transportError !== undefined) {
        failures += 1;
        outage.failed(result.transportError, 'outbox relay cannot reach the broker; retrying', {
          unsent: result.claimed - result.sent,
        });
        delay = retryDelayMs(failures, settings.BackoffMs, settings.RelayMaxBackoffMs);
      } else {
        if (result.claimed > 0) outage.recovered('outbox relay is publishing again');
        failures = 0;
        idlePasses = result.claimed > 0 ? 0 : idlePasses + 1;
        // A full batch means more are probably waiting: go again at once.
        if (result.claimed === settings.RelayBatchSize) delay = 0;
        else if (idlePasses > 0)
          delay = retryLevelMs(idlePasses, settings.RelayIntervalMs, idleMaxMs);
      }
      await updateLag();
      await cleanup();
    } catch (err) {
      failures += 1;
      outage.failed(err, 'outbox relay cannot read the outbox; retrying');
      delay = retryDelayMs(failures, settings.BackoffMs, settings.RelayMaxBackoffMs);
    }
    return delay;
  }

  async function run(): Promise<void> {
    while (running) {
      const delay = await step();
      if (running && delay > 0) await waker.sleep(delay);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      // While the broker is down, waking would only turn backoff into a busy retry loop.
      if (failures > 0) return;
      idlePasses = 0;
      waker.wake();
    },
    async drain() {
      let total = 0;
      for (;;) {
        const result = await cycle();
        if (result.transportError !== undefined) {
          const err = result.transportError;
          throw isAppError(err) ? err : new AppError('UNAVAILABLE', undefined, { cause: err });
        }
        total += result.sent;
        if (result.claimed < settings.RelayBatchSize) break;
      }
      await updateLag();
      return total;
    },
    async stop() {
      running = false;
      waker.wake();
      await loop;
    },
  };
}

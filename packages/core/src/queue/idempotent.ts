import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError } from '../errors/index.js';
import type { Database } from '../store/index.js';
import { queueMetrics } from './metrics.js';
import type { OutboxTables } from './outbox-schema.js';
import type { DeliveredEvent, EventHandler } from './types.js';

/** Handles one event inside the transaction that records it as processed. */
export type TransactionalHandler<DB, TPayload = unknown> = (
  event: DeliveredEvent<TPayload>,
  trx: Transaction<DB>,
) => Promise<void>;

/** Optional collaborators of {@link createIdempotentHandler}. */
export interface IdempotentHandlerOptions {
  logger?: Logger | undefined;
  registry?: Registry | undefined;
}

/**
 * Makes a handler run at most once per (consumer, event id), so at-least-once delivery gives
 * exactly-once effects. In one transaction it first records the event in
 * `vigil_processed_events`, then runs `handler` with that transaction: the handler's writes and
 * the record commit together or not at all. A duplicate delivery finds the record and is acked
 * without running the handler; a concurrent duplicate blocks on the primary key until the first
 * commits (then is skipped) or rolls back (then runs). Requires `outboxMigrations`.
 */
export function createIdempotentHandler<DB, TPayload = unknown>(
  database: Database<DB>,
  consumer: string,
  handler: TransactionalHandler<DB, TPayload>,
  options: IdempotentHandlerOptions = {},
): EventHandler<TPayload> {
  if (consumer.length === 0 || consumer.length > 200) {
    throw new AppError('CONFIG_INVALID', 'consumer name must be 1 to 200 characters');
  }
  const duplicates = queueMetrics(options.registry).duplicates.labels({ consumer });
  return async (event) => {
    if (event.id.length === 0 || event.id.length > 64) {
      // The column holds 64; MySQL's INSERT IGNORE would truncate and merge distinct ids.
      throw new AppError('VALIDATION_FAILED', 'event id must be 1 to 64 characters');
    }
    const ran = await database.transaction(async (trx) => {
      const db = trx as unknown as Kysely<OutboxTables>;
      const row = { consumer, event_id: event.id, processed_at: new Date() };
      // ON CONFLICT DO NOTHING / INSERT IGNORE: a duplicate is an expected outcome here, not an
      // error; an error would also abort the PostgreSQL transaction. Lengths are checked above
      // and by the event id limit, so IGNORE cannot hide a truncation.
      const insert =
        database.dialect === 'postgres'
          ? db
              .insertInto('vigil_processed_events')
              .values(row)
              .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
          : db.insertInto('vigil_processed_events').ignore().values(row);
      const result = await insert.executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
      await handler(event, trx);
      return true;
    });
    if (!ran) {
      duplicates.inc();
      options.logger?.debug(
        { eventId: event.id, topic: event.topic, consumer },
        'event already processed; acked without running the handler',
      );
    }
  };
}

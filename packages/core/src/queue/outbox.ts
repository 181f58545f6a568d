import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../errors/index.js';
import { headersForNewEvent } from './headers.js';
import type { OutboxTables } from './outbox-schema.js';
import type { EventHeaders } from './types.js';

/** An event a service emits. */
export interface NewEvent<TPayload = unknown> {
  /** Routing key, dot-separated words (`patient.enrolled`). */
  topic: string;
  /** Any JSON-serialisable value. */
  payload: TPayload;
  /**
   * Event id (≤ 64 chars); a random UUID when absent. A deterministic id (`enrolled:<patient>`)
   * makes the producer idempotent too: enqueuing it twice fails on the primary key.
   */
  id?: string;
  headers?: EventHeaders;
}

/** A service's Kysely transaction, whatever its tables (they include OutboxTables). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any service's DB interface
export type OutboxWriter = Kysely<any>;

const TOPIC = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

function toRow(event: NewEvent, now: Date): OutboxTables['vigil_outbox'] {
  if (!TOPIC.test(event.topic) || event.topic.length > 255) {
    throw new AppError('VALIDATION_FAILED', `invalid event topic "${event.topic}"`, {
      details: [{ field: 'topic', reason: 'dot-separated words of [A-Za-z0-9_-], ≤ 255 chars' }],
    });
  }
  const id = event.id ?? randomUUID();
  if (id.length === 0 || id.length > 64) {
    throw new AppError('VALIDATION_FAILED', 'event id must be 1 to 64 characters', {
      details: [{ field: 'id', reason: 'length' }],
    });
  }
  const payload = JSON.stringify(event.payload);
  if (payload === undefined) {
    throw new AppError('VALIDATION_FAILED', 'event payload is not JSON-serialisable', {
      details: [{ field: 'payload', reason: 'not JSON' }],
    });
  }
  return {
    id,
    topic: event.topic,
    payload,
    headers: JSON.stringify(headersForNewEvent(event.headers)),
    created_at: now,
    available_at: now,
    sent_at: null,
    attempts: 0,
    last_error: null,
  };
}

/**
 * Writes events to the outbox inside the caller's transaction (`database.transaction(trx => …)`),
 * so they exist exactly when the data change they describe commits. Captures the active trace's
 * `traceparent`, so the consumer's work joins the producer's trace. Resolves with the event ids.
 */
export async function enqueueMany(
  trx: OutboxWriter,
  events: readonly NewEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const now = new Date();
  const rows = events.map((e) => toRow(e, now));
  // One multi-row insert: enrolling 100 patients adds one statement, not 100.
  await (trx as unknown as Kysely<OutboxTables>).insertInto('vigil_outbox').values(rows).execute();
  return rows.map((r) => r.id);
}

/** Writes one event to the outbox inside the caller's transaction; resolves with its id. */
export async function enqueue<TPayload>(
  trx: OutboxWriter,
  event: NewEvent<TPayload>,
): Promise<string> {
  const [id] = await enqueueMany(trx, [event]);
  return id!;
}

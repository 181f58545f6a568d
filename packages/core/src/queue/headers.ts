import { currentTrace, formatTraceparent } from '../trace/index.js';
import type { EventHeaders } from './types.js';

/**
 * Header names the queue writes. `traceparent` is the W3C name, so any OpenTelemetry AMQP
 * instrumentation reads it too; the rest are Vigil's own and carry an `x-vigil-` prefix.
 */
export const HEADER = {
  traceparent: 'traceparent',
  /** Failed deliveries so far (RabbitMQ retry path; PostgreSQL keeps it in a column). */
  attempt: 'x-vigil-attempt',
  /** The original topic, kept when the routing key changes (retry and dead-letter queues). */
  topic: 'x-vigil-topic',
  error: 'x-vigil-error',
  failedAt: 'x-vigil-failed-at',
} as const;

const OWN_HEADERS = new Set<string>([HEADER.attempt, HEADER.topic, HEADER.error, HEADER.failedAt]);

/** Headers for a new event: the caller's, plus the active trace's `traceparent` if any. */
export function headersForNewEvent(extra: EventHeaders = {}): EventHeaders {
  const trace = currentTrace();
  return trace ? { ...extra, [HEADER.traceparent]: formatTraceparent(trace) } : { ...extra };
}

/** The application headers of a delivery: broker bookkeeping removed, values as strings. */
export function applicationHeaders(raw: Record<string, unknown> | undefined): EventHeaders {
  const out: EventHeaders = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (OWN_HEADERS.has(key) || key.startsWith('x-death') || key.startsWith('x-first-death'))
      continue;
    if (key === 'x-delivery-count' || key === 'x-last-death-reason') continue;
    if (typeof value === 'string') out[key] = value;
    else if (Buffer.isBuffer(value)) out[key] = value.toString();
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}

/** An error as one line for a dead letter: message and code, never a stack (it may hold data). */
export function errorSummary(err: unknown): string {
  const text =
    err instanceof Error
      ? `${'code' in err && typeof err.code === 'string' ? `${err.code}: ` : ''}${err.message}`
      : String(err);
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

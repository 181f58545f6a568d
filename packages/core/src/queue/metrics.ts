import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';
import { getOrCreateMetric } from '../metrics/index.js';

/** The queue's Prometheus series, shared by every transport, consumer and relay of a registry. */
export interface QueueMetrics {
  readonly depth: Gauge<'queue' | 'state'>;
  readonly retries: Counter<'queue'>;
  readonly deadLetters: Counter<'queue'>;
  readonly consumeDuration: Histogram<'queue' | 'result'>;
  readonly outboxLag: Gauge;
  readonly outboxPublished: Counter<'result'>;
  readonly duplicates: Counter<'consumer'>;
}

/** Outcome label of `vigil_queue_consume_duration_seconds`. */
export type ConsumeResult = 'ok' | 'retry' | 'dead';

/** Gets (or registers once) the queue metrics on `registry` (prom-client's default when absent). */
export function queueMetrics(registry: Registry = defaultRegistry): QueueMetrics {
  const registers = [registry];
  return {
    depth: getOrCreateMetric(
      registry,
      'vigil_queue_depth',
      () =>
        new Gauge({
          name: 'vigil_queue_depth',
          help: 'Events in a queue by state (ready, delayed for retry, dead-lettered)',
          labelNames: ['queue', 'state'],
          registers,
        }),
    ),
    retries: getOrCreateMetric(
      registry,
      'vigil_queue_retries_total',
      () =>
        new Counter({
          name: 'vigil_queue_retries_total',
          help: 'Failed deliveries scheduled for another attempt',
          labelNames: ['queue'],
          registers,
        }),
    ),
    deadLetters: getOrCreateMetric(
      registry,
      'vigil_queue_dead_letters_total',
      () =>
        new Counter({
          name: 'vigil_queue_dead_letters_total',
          help: 'Events moved to the dead-letter queue after their last attempt',
          labelNames: ['queue'],
          registers,
        }),
    ),
    consumeDuration: getOrCreateMetric(
      registry,
      'vigil_queue_consume_duration_seconds',
      () =>
        new Histogram({
          name: 'vigil_queue_consume_duration_seconds',
          help: 'Time to handle one delivery, by queue and result (ok, retry, dead)',
          labelNames: ['queue', 'result'],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers,
        }),
    ),
    outboxLag: getOrCreateMetric(
      registry,
      'vigil_outbox_lag_seconds',
      () =>
        new Gauge({
          name: 'vigil_outbox_lag_seconds',
          help: 'Age of the oldest unsent outbox event (0 when the outbox is drained)',
          registers,
        }),
    ),
    outboxPublished: getOrCreateMetric(
      registry,
      'vigil_outbox_published_total',
      () =>
        new Counter({
          name: 'vigil_outbox_published_total',
          help: 'Outbox events the relay tried to publish, by result (sent, failed)',
          labelNames: ['result'],
          registers,
        }),
    ),
    duplicates: getOrCreateMetric(
      registry,
      'vigil_queue_duplicates_total',
      () =>
        new Counter({
          name: 'vigil_queue_duplicates_total',
          help: 'Deliveries of an event the consumer had already processed (acked, not re-run)',
          labelNames: ['consumer'],
          registers,
        }),
    ),
  };
}

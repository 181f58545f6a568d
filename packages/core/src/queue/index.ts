export {
  formatDeadLetters,
  formatQueueStatus,
  listDeadLetters,
  queueStatus,
  replayDeadLetters,
} from './admin.js';
export { retryDelayMs } from './backoff.js';
export { QueueConfigSchema, resolveQueueConfig } from './config.js';
export type { QueueConfig, QueueConfigInput } from './config.js';
export { HEADER as QUEUE_HEADER } from './headers.js';
export { createIdempotentHandler } from './idempotent.js';
export type { IdempotentHandlerOptions, TransactionalHandler } from './idempotent.js';
export { queueMetrics } from './metrics.js';
export type { QueueMetrics } from './metrics.js';
export { enqueue, enqueueMany } from './outbox.js';
export type { NewEvent, OutboxWriter } from './outbox.js';
export { outboxMigrations } from './outbox-schema.js';
export type { OutboxTables } from './outbox-schema.js';
export { createOutboxRelay } from './relay.js';
export {
  EMBEDDED_QUEUE_DATABASE_URL,
  ServiceQueueConfigSchema,
  serviceQueueConfig,
} from './service-config.js';
export type { ServiceQueueConfig } from './service-config.js';
export type { OutboxRelay, OutboxRelayOptions } from './relay.js';
export { topicMatches } from './topic-pattern.js';
export { createTransport } from './transport.js';
export type { TransportOptions } from './transport.js';
export type {
  ConsumeOptions,
  Consumer,
  DeadLetter,
  DeadLetterQueue,
  DeliveredEvent,
  EventHandler,
  EventHeaders,
  OutgoingEvent,
  QueueStatus,
  ReplaySelection,
  Transport,
} from './types.js';

import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../errors/index.js';

/**
 * Queue settings a service nests in its YAML config (`Queue:`), PascalCase like go-zero's
 * go-queue `RabbitListenerConf`. Defaults live only here. One schema serves both transports;
 * keys that only one transport reads say so.
 */
export const QueueConfigSchema = Type.Object(
  {
    Transport: Type.Union([Type.Literal('rabbitmq'), Type.Literal('postgres')], {
      description:
        '`rabbitmq` in production; `postgres` in embedded mode (a table on the embedded server)',
    }),
    Url: Type.String({
      minLength: 1,
      description: 'amqp://user:pass@host:port/vhost, or postgres://… of the queue database',
    }),
    Exchange: Type.String({
      default: 'vigil.events',
      minLength: 1,
      description: 'RabbitMQ only: the durable topic exchange every event is published to',
    }),
    QueueType: Type.Union([Type.Literal('quorum'), Type.Literal('classic')], {
      default: 'quorum',
      description:
        'RabbitMQ only: type of the consumer queues; quorum queues are replicated and count ' +
        'redeliveries (DeliveryLimit)',
    }),
    DeliveryLimit: Type.Integer({
      default: 20,
      minimum: 1,
      description:
        'RabbitMQ quorum queues only: deliveries without an ack (consumer crashed or closed) ' +
        'before the broker dead-letters the message; guards against crash loops',
    }),
    Schema: Type.String({
      default: 'public',
      pattern: '^[a-z_][a-z0-9_]{0,47}$',
      description: 'PostgreSQL only: schema holding vigil_queue_messages and vigil_queue_bindings',
    }),
    MaxConns: Type.Integer({
      default: 10,
      minimum: 1,
      description: 'PostgreSQL only: most connections the transport opens (plus one for LISTEN)',
    }),
    Prefetch: Type.Integer({
      default: 16,
      minimum: 1,
      maximum: 10_000,
      description: 'Most events one consumer handles at once (unacked deliveries)',
    }),
    MaxAttempts: Type.Integer({
      default: 5,
      minimum: 1,
      maximum: 50,
      description: 'Deliveries of a failing event before it is dead-lettered',
    }),
    BackoffMs: Type.Integer({
      default: 1_000,
      minimum: 1,
      description: 'Delay before the first retry; doubles per attempt up to MaxBackoffMs',
    }),
    MaxBackoffMs: Type.Integer({
      default: 300_000,
      minimum: 1,
      description: 'Cap of the retry delay',
    }),
    VisibilityTimeoutMs: Type.Integer({
      default: 30_000,
      minimum: 100,
      description:
        'PostgreSQL only: a claimed event whose consumer stops heartbeating (crashed) is ' +
        'delivered again after this long',
    }),
    PollIntervalMs: Type.Integer({
      default: 1_000,
      minimum: 10,
      description: 'PostgreSQL only: consumers poll this often in case a NOTIFY was missed',
    }),
    PublishTimeoutMs: Type.Integer({
      default: 5_000,
      minimum: 1,
      description: 'A publish not confirmed by the broker within this long fails',
    }),
    RelayIntervalMs: Type.Integer({
      default: 200,
      minimum: 1,
      description: 'The outbox relay looks for unsent events this often after finding some',
    }),
    RelayIdleMaxMs: Type.Integer({
      default: 2_000,
      minimum: 1,
      description:
        'An idle relay doubles its interval up to this. A commit in the same process wakes it ' +
        'at once (relay.wake()), so only rows written by other processes wait up to this long',
    }),
    RelayBatchSize: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 10_000,
      description: 'Most outbox rows the relay claims and publishes per transaction',
    }),
    RelayMaxBackoffMs: Type.Integer({
      default: 5_000,
      minimum: 1,
      description:
        'While the broker is unreachable the relay retries with backoff up to this delay, so ' +
        'the outbox drains within it once the broker is back',
    }),
    OutboxRetentionMs: Type.Integer({
      default: 24 * 60 * 60 * 1000,
      minimum: 0,
      description: 'Sent outbox rows are deleted after this long (0 = keep)',
    }),
    UnavailableLogIntervalMs: Type.Integer({
      default: 10_000,
      minimum: 0,
      description: 'While the broker is unreachable, at most one warning per interval',
    }),
    DepthIntervalMs: Type.Integer({
      default: 5_000,
      minimum: 0,
      description: 'How often a consumer refreshes vigil_queue_depth for its queue (0 = never)',
    }),
  },
  { additionalProperties: false },
);

/** Validated queue settings; see {@link QueueConfigSchema}. */
export type QueueConfig = Static<typeof QueueConfigSchema>;

/** Settings as written in YAML: `Transport` and `Url` are required, the rest have defaults. */
export type QueueConfigInput = Pick<QueueConfig, 'Transport' | 'Url'> & Partial<QueueConfig>;

/** Applies schema defaults and validates, naming the first bad key (fail fast at start-up). */
export function resolveQueueConfig(input: QueueConfigInput): QueueConfig {
  const config = Value.Default(QueueConfigSchema, Value.Clone(input));
  const firstError = Value.Errors(QueueConfigSchema, config).First();
  if (firstError) {
    throw new AppError('CONFIG_INVALID', `invalid queue config ${firstError.path || '/'}`, {
      details: [{ field: firstError.path, reason: firstError.message }],
    });
  }
  return config as QueueConfig;
}

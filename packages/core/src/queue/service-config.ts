import { Type, type Static } from '@sinclair/typebox';
import { QueueConfigSchema, resolveQueueConfig, type QueueConfig } from './config.js';

/** The embedded platform's queue database: `vigil start` creates it on the embedded server. */
export const EMBEDDED_QUEUE_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5439/queue';

/**
 * A service's `Queue:` block: the transport's tuning keys (QueueConfigSchema minus Transport and
 * Url) plus both destinations, so one etc/<service>.yaml serves both ways of running. With
 * `Transport: auto` (the default) the run mode decides: embedded mode uses the PostgreSQL
 * transport on `DatabaseUrl` (one `queue` database on the embedded server, shared by every
 * service, where `vigil queue` looks by default), production uses RabbitMQ at `AmqpUrl`
 * (`VIGIL_AMQP_URL`).
 */
export const ServiceQueueConfigSchema = Type.Object(
  {
    ...Type.Omit(QueueConfigSchema, ['Transport', 'Url']).properties,
    Transport: Type.Union(
      [Type.Literal('auto'), Type.Literal('rabbitmq'), Type.Literal('postgres')],
      {
        default: 'auto',
        description: 'auto: postgres in embedded mode, rabbitmq in production; or force one',
      },
    ),
    AmqpUrl: Type.String({
      minLength: 1,
      default: 'amqp://guest:guest@127.0.0.1:5672',
      description:
        'RabbitMQ URL (amqp://user:pass@host:port/vhost), read when Transport is rabbitmq',
    }),
    DatabaseUrl: Type.String({
      minLength: 1,
      default: EMBEDDED_QUEUE_DATABASE_URL,
      description: 'PostgreSQL transport database, read when Transport is postgres',
    }),
  },
  { additionalProperties: false, default: {} },
);

/** A service's queue block, defaults filled; see {@link ServiceQueueConfigSchema}. */
export type ServiceQueueConfig = Static<typeof ServiceQueueConfigSchema>;

/** The transport config a service's `Queue:` block means in `mode` (validated). */
export function serviceQueueConfig(
  block: ServiceQueueConfig,
  mode: 'embedded' | 'production',
): QueueConfig {
  const { Transport, AmqpUrl, DatabaseUrl, ...tuning } = block;
  const transport =
    Transport === 'auto' ? (mode === 'embedded' ? 'postgres' : 'rabbitmq') : Transport;
  return resolveQueueConfig({
    ...tuning,
    Transport: transport,
    Url: transport === 'rabbitmq' ? AmqpUrl : DatabaseUrl,
  });
}

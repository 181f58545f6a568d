import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { resolveQueueConfig, type QueueConfigInput } from './config.js';
import { queueMetrics } from './metrics.js';
import { createPostgresTransport } from './postgres/transport.js';
import { createRabbitTransport } from './rabbitmq/transport.js';
import type { Transport } from './types.js';

/** What a transport needs from its service. */
export interface TransportOptions {
  logger?: Logger | undefined;
  /** Where the queue metrics go; prom-client's default registry when absent. */
  registry?: Registry | undefined;
}

/**
 * Opens the transport `config.Transport` names. Nothing connects until first use: declaring,
 * publishing or consuming opens the connection (and creates the PostgreSQL tables).
 */
export function createTransport(
  config: QueueConfigInput,
  options: TransportOptions = {},
): Transport {
  const resolved = resolveQueueConfig(config);
  const logger = options.logger ?? pino({ level: 'silent' });
  const metrics = queueMetrics(options.registry);
  return resolved.Transport === 'rabbitmq'
    ? createRabbitTransport(resolved, logger, metrics)
    : createPostgresTransport(resolved, logger, metrics);
}

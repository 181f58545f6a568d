import type { Channel } from 'amqplib';
import { retryLevelMs } from '../backoff.js';
import type { QueueConfig } from '../config.js';
import { checkQueueName } from '../queue-name.js';

/** The dead-letter queue of `queue`. */
export function deadLetterQueueName(queue: string): string {
  return `${queue}.dlq`;
}

/** The retry queue holding events of `queue` for `delayMs` before they return to it. */
export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}ms`;
}

/** The distinct retry delays (queue TTLs) for attempts 1 … maxAttempts−1. */
export function retryLevels(
  config: Pick<QueueConfig, 'BackoffMs' | 'MaxBackoffMs'>,
  maxAttempts: number,
): number[] {
  const levels = new Set<number>();
  for (let n = 1; n < maxAttempts; n += 1) {
    levels.add(retryLevelMs(n, config.BackoffMs, config.MaxBackoffMs));
  }
  return [...levels];
}

/**
 * Declares (idempotently) what a consumer group needs:
 * - the durable topic exchange;
 * - `<queue>` bound to each topic; a quorum queue by default, whose delivery limit dead-letters
 *   an event that keeps crashing its consumer (no ack ever comes, so no handler error is seen);
 * - `<queue>.retry.<delay>ms`, one per backoff level: a TTL queue whose expired messages go back
 *   to `<queue>` through the default exchange. A TTL per queue, not per message, because
 *   RabbitMQ expires messages only at the head of a queue: mixed delays in one queue would wait
 *   for the longest one in front of them. Naming the queue by its delay means a changed
 *   BackoffMs declares new queues instead of failing on the old ones' arguments;
 * - `<queue>.dlq`, where events land after their last attempt.
 */
export async function declareTopology(
  channel: Channel,
  config: QueueConfig,
  queue: string,
  topics: readonly string[],
  maxAttempts: number,
): Promise<void> {
  checkQueueName(queue);
  const dlq = deadLetterQueueName(queue);
  const quorum = config.QueueType === 'quorum';
  await channel.assertExchange(config.Exchange, 'topic', { durable: true });
  await channel.assertQueue(dlq, {
    durable: true,
    arguments: quorum ? { 'x-queue-type': 'quorum' } : {},
  });
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': dlq,
      ...(quorum && { 'x-queue-type': 'quorum', 'x-delivery-limit': config.DeliveryLimit }),
    },
  });
  for (const delay of retryLevels(config, maxAttempts)) {
    await channel.assertQueue(retryQueueName(queue, delay), {
      durable: true,
      arguments: {
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
  for (const topic of topics) await channel.bindQueue(queue, config.Exchange, topic);
}

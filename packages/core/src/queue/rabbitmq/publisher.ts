import type { ConfirmChannel, Options } from 'amqplib';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../errors/index.js';
import { withTimeout } from '../../resilience/index.js';
import type { QueueConfig } from '../config.js';
import { HEADER } from '../headers.js';
import { unroutableError } from '../queue-name.js';
import type { OutgoingEvent } from '../types.js';
import type { AmqpConnection } from './connection.js';

/** Publishes with publisher confirms over one confirm channel per connection. */
export interface AmqpPublisher {
  publish(event: OutgoingEvent): Promise<void>;
  publishMany(events: readonly OutgoingEvent[]): Promise<(AppError | undefined)[]>;
  close(): Promise<void>;
}

/** Message properties every Vigil event carries (persistent: it survives a broker restart). */
export function eventProperties(event: OutgoingEvent): Options.Publish {
  return {
    persistent: true,
    messageId: event.id,
    contentType: 'application/json',
    timestamp: Math.floor(Date.now() / 1000),
    headers: { ...event.headers, [HEADER.topic]: event.topic },
  };
}

/** Publishes on a confirm channel and resolves when the broker confirms (rejects on nack/close). */
export function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  properties: Options.Publish,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    try {
      channel.publish(exchange, routingKey, content, properties, (err: unknown) => {
        if (err) {
          reject(
            new AppError('UNAVAILABLE', 'the broker did not accept the event', { cause: err }),
          );
        } else resolve();
      });
    } catch (err) {
      // A closed channel throws synchronously (IllegalOperationError).
      reject(new AppError('UNAVAILABLE', 'the broker channel is closed', { cause: err }));
    }
  });
}

/**
 * Publishes to the topic exchange with `mandatory`, so an event no queue is bound to comes back
 * (basic.return, which RabbitMQ sends before the confirm) and is reported `unroutable` instead of
 * silently dropped: the relay keeps it in the outbox until a consumer has declared its queue.
 */
export function createAmqpPublisher(
  connection: AmqpConnection,
  config: QueueConfig,
  logger: Logger,
): AmqpPublisher {
  let channel: Promise<ConfirmChannel> | undefined;
  const returned = new Set<string>();
  let sequence = 0;

  function open(): Promise<ConfirmChannel> {
    if (channel) return channel;
    const opening = (async () => {
      const model = await connection.get();
      const ch = await model.createConfirmChannel();
      ch.on('error', (err: Error) => logger.warn({ err }, 'RabbitMQ publish channel error'));
      ch.on('close', () => {
        if (channel === opening) channel = undefined;
      });
      ch.on('return', (msg: { properties: { correlationId?: string } }) => {
        if (msg.properties.correlationId) returned.add(msg.properties.correlationId);
      });
      await ch.assertExchange(config.Exchange, 'topic', { durable: true });
      return ch;
    })();
    channel = opening;
    opening.catch(() => {
      if (channel === opening) channel = undefined;
    });
    return opening;
  }

  async function publishOnce(event: OutgoingEvent): Promise<void> {
    const ch = await open();
    // A per-publish token matches a basic.return to its publish (event ids may repeat).
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    const token = `p${sequence}`;
    await publishConfirmed(ch, config.Exchange, event.topic, Buffer.from(event.body), {
      ...eventProperties(event),
      mandatory: true,
      correlationId: token,
    });
    if (returned.delete(token)) throw unroutableError(event.topic);
  }

  async function publish(event: OutgoingEvent): Promise<void> {
    try {
      await withTimeout(
        publishOnce(event),
        config.PublishTimeoutMs,
        () => new AppError('TIMEOUT', 'the broker did not confirm the event in time'),
      );
    } catch (err) {
      throw isAppError(err) ? err : new AppError('UNAVAILABLE', undefined, { cause: err });
    }
  }

  return {
    publish,
    async publishMany(events) {
      // All in flight at once on the one channel: frames go out in order and confirms stream
      // back, so a batch costs about one round trip.
      const results = await Promise.allSettled(events.map((e) => publish(e)));
      return results.map((r) =>
        r.status === 'fulfilled'
          ? undefined
          : isAppError(r.reason)
            ? r.reason
            : new AppError('UNAVAILABLE', undefined, { cause: r.reason }),
      );
    },
    async close() {
      const open = channel;
      channel = undefined;
      if (!open) return;
      try {
        await (await open).close();
      } catch {
        // Already closed with its connection.
      }
    },
  };
}

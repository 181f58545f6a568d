import type { GetMessage } from 'amqplib';
import { AppError } from '../../errors/index.js';
import { applicationHeaders, HEADER } from '../headers.js';
import { checkQueueName } from '../queue-name.js';
import type { DeadLetter, DeadLetterQueue, ReplaySelection } from '../types.js';
import type { AmqpConnection } from './connection.js';
import { publishConfirmed } from './publisher.js';
import { deadLetterQueueName } from './topology.js';

function requireQueue(queue: string | undefined): string {
  if (!queue) {
    throw new AppError('VALIDATION_FAILED', 'RabbitMQ dead-letter queues are per queue: name one', {
      details: [{ field: 'queue', reason: 'required with the rabbitmq transport' }],
    });
  }
  checkQueueName(queue);
  return queue;
}

/** Why the broker itself dead-lettered a message (quorum delivery limit), from its x-death. */
function brokerReason(headers: Record<string, unknown>): string | undefined {
  const reason = headers['x-first-death-reason'];
  if (reason === 'delivery_limit') {
    return 'delivery limit reached: the consumer crashed or closed before acking, repeatedly';
  }
  return typeof reason === 'string' ? `dead-lettered by the broker: ${reason}` : undefined;
}

function toDeadLetter(queue: string, msg: GetMessage): DeadLetter {
  const raw = (msg.properties.headers ?? {}) as Record<string, unknown>;
  const topic = raw[HEADER.topic];
  const error = raw[HEADER.error];
  const failedAt = raw[HEADER.failedAt];
  const attempts = Number(raw[HEADER.attempt] ?? raw['x-delivery-count'] ?? 0);
  return {
    id: typeof msg.properties.messageId === 'string' ? msg.properties.messageId : '',
    queue,
    topic: typeof topic === 'string' ? topic : msg.fields.routingKey,
    payload: msg.content.toString('utf8'),
    headers: applicationHeaders(raw),
    attempts: Number.isFinite(attempts) ? attempts : 0,
    error: typeof error === 'string' && error ? error : (brokerReason(raw) ?? 'unknown'),
    failedAt: typeof failedAt === 'string' ? new Date(failedAt) : undefined,
  };
}

/**
 * `<queue>.dlq` browsing and replay over plain AMQP (the management API is not assumed).
 * Listing takes messages with `basic.get` without acking and closes the channel, which puts them
 * all back in place. Replay republishes the selected ones to `<queue>` through the default
 * exchange with a fresh attempt count, waits for each confirm, then acks them.
 */
export function createAmqpDeadLetters(connection: AmqpConnection): DeadLetterQueue {
  return {
    async list(options = {}) {
      const queue = requireQueue(options.queue);
      const limit = options.limit ?? 100;
      const ch = await (await connection.get()).createChannel();
      ch.on('error', () => undefined);
      try {
        const out: DeadLetter[] = [];
        while (out.length < limit) {
          const msg = await ch.get(deadLetterQueueName(queue), { noAck: false });
          if (!msg) break;
          out.push(toDeadLetter(queue, msg));
        }
        return out;
      } finally {
        await ch.close().catch(() => undefined);
      }
    },
    async replay(selection: ReplaySelection, options = {}) {
      const queue = requireQueue(options.queue);
      const wanted = selection === 'all' ? undefined : new Set(selection);
      const ch = await (await connection.get()).createConfirmChannel();
      ch.on('error', () => undefined);
      let replayed = 0;
      try {
        const dlq = deadLetterQueueName(queue);
        const { messageCount } = await ch.checkQueue(dlq);
        for (let i = 0; i < messageCount; i += 1) {
          const msg = await ch.get(dlq, { noAck: false });
          if (!msg) break;
          const id = msg.properties.messageId as string | undefined;
          if (wanted && (!id || !wanted.has(id))) continue; // left unacked: requeued on close
          const raw = (msg.properties.headers ?? {}) as Record<string, unknown>;
          const topic = raw[HEADER.topic];
          await publishConfirmed(ch, '', queue, msg.content, {
            persistent: true,
            messageId: id,
            contentType: 'application/json',
            timestamp: msg.properties.timestamp as number | undefined,
            headers: {
              ...applicationHeaders(raw),
              [HEADER.topic]: typeof topic === 'string' ? topic : msg.fields.routingKey,
            },
          });
          ch.ack(msg);
          replayed += 1;
        }
        return replayed;
      } finally {
        await ch.close().catch(() => undefined);
      }
    },
  };
}

import type { Channel } from 'amqplib';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../errors/index.js';
import type { QueueConfig } from '../config.js';
import { errorSummary } from '../headers.js';
import type { QueueMetrics } from '../metrics.js';
import { checkQueueName } from '../queue-name.js';
import type { Consumer, QueueStatus, Transport } from '../types.js';
import { createAmqpConnection, type AmqpConnection } from './connection.js';
import { startAmqpConsumer } from './consumer.js';
import { createAmqpDeadLetters } from './dead-letters.js';
import { createAmqpPublisher } from './publisher.js';
import { deadLetterQueueName, declareTopology, retryLevels, retryQueueName } from './topology.js';

/** Message count and consumer count of `queue`, or zeros if it does not exist. */
async function countQueue(
  connection: AmqpConnection,
  state: { ch?: Channel },
  queue: string,
): Promise<{ messages: number; consumers: number }> {
  // A missing queue makes the broker close the channel (404), so open another for the next one.
  if (!state.ch) {
    state.ch = await (await connection.get()).createChannel();
    state.ch.on('error', () => undefined);
  }
  try {
    const ok = await state.ch.checkQueue(queue);
    return { messages: ok.messageCount, consumers: ok.consumerCount };
  } catch {
    state.ch = undefined;
    return { messages: 0, consumers: 0 };
  }
}

/** Runs a broker operation, turning amqplib's errors into the catalog's UNAVAILABLE. */
async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError('UNAVAILABLE', `${what}: ${errorSummary(err)}`, { cause: err });
  }
}

/** The RabbitMQ transport (production): see the module README for the topology. */
export function createRabbitTransport(
  config: QueueConfig,
  logger: Logger,
  metrics: QueueMetrics,
): Transport {
  const log = logger.child({ transport: 'rabbitmq' });
  const connection = createAmqpConnection(config.Url, log, config.PublishTimeoutMs);
  const publisher = createAmqpPublisher(connection, config, log);
  const consumers = new Set<Consumer>();
  /** Queues declared by this process, with the retry levels they were declared with. */
  const known = new Map<string, number>();
  const depthTimers = new Set<NodeJS.Timeout>();
  const dlq = createAmqpDeadLetters(connection);

  async function status(queues?: readonly string[]): Promise<QueueStatus[]> {
    const names = queues ?? [...known.keys()];
    const state: { ch?: Channel } = {};
    const out: QueueStatus[] = [];
    try {
      for (const queue of names) {
        checkQueueName(queue);
        const main = await countQueue(connection, state, queue);
        const dead = await countQueue(connection, state, deadLetterQueueName(queue));
        let delayed = 0;
        for (const delay of retryLevels(config, known.get(queue) ?? config.MaxAttempts)) {
          delayed += (await countQueue(connection, state, retryQueueName(queue, delay))).messages;
        }
        out.push({
          queue,
          ready: main.messages,
          unacked: null,
          delayed,
          dead: dead.messages,
          consumers: main.consumers,
        });
      }
    } finally {
      await state.ch?.close().catch(() => undefined);
    }
    for (const s of out) {
      metrics.depth.set({ queue: s.queue, state: 'ready' }, s.ready);
      metrics.depth.set({ queue: s.queue, state: 'delayed' }, s.delayed);
      metrics.depth.set({ queue: s.queue, state: 'dead' }, s.dead);
    }
    return out;
  }

  return {
    kind: 'rabbitmq',
    declare(queue, topics, options = {}) {
      return guarded(`cannot declare queue ${queue}`, async () => {
        const maxAttempts = options.maxAttempts ?? config.MaxAttempts;
        const ch = await (await connection.get()).createChannel();
        ch.on('error', () => undefined);
        try {
          await declareTopology(ch, config, queue, topics, maxAttempts);
          known.set(queue, maxAttempts);
        } finally {
          await ch.close().catch(() => undefined);
        }
      });
    },
    publish: (event) => publisher.publish(event),
    publishMany: (events) => publisher.publishMany(events),
    async consume(queue, topics, handler, options = {}) {
      const maxAttempts = options.maxAttempts ?? config.MaxAttempts;
      const consumer = await startAmqpConsumer({
        connection,
        config,
        queue,
        topics,
        handler: handler as Parameters<typeof startAmqpConsumer>[0]['handler'],
        prefetch: options.prefetch ?? config.Prefetch,
        maxAttempts,
        logger: log,
        metrics,
      });
      known.set(queue, maxAttempts);
      consumers.add(consumer);
      let timer: NodeJS.Timeout | undefined;
      if (config.DepthIntervalMs > 0) {
        timer = setInterval(() => {
          status([queue]).catch(() => undefined);
        }, config.DepthIntervalMs);
        timer.unref();
        depthTimers.add(timer);
      }
      return {
        queue,
        inFlight: () => consumer.inFlight(),
        async stop() {
          if (timer) {
            clearInterval(timer);
            depthTimers.delete(timer);
          }
          consumers.delete(consumer);
          await consumer.stop();
        },
      };
    },
    status: (queues) => guarded('cannot read queue status', () => status(queues)),
    dlq: {
      list: (options) => guarded('cannot list dead letters', () => dlq.list(options)),
      replay: (selection, options) =>
        guarded('cannot replay dead letters', () => dlq.replay(selection, options)),
    },
    async close() {
      for (const timer of depthTimers) clearInterval(timer);
      depthTimers.clear();
      await Promise.all([...consumers].map((c) => c.stop()));
      consumers.clear();
      await publisher.close();
      await connection.close();
    },
  };
}

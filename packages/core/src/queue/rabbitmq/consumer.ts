import { createHash } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { retryDelayMs, retryLevelMs } from '../backoff.js';
import type { QueueConfig } from '../config.js';
import { dispatch, type DispatchOutcome } from '../dispatch.js';
import { AppError, isAppError } from '../../errors/index.js';
import { applicationHeaders, errorSummary, HEADER } from '../headers.js';
import type { QueueMetrics } from '../metrics.js';
import { createOutageLog } from '../outage-log.js';
import type { Consumer, EventHandler } from '../types.js';
import { createWaker } from '../waker.js';
import type { AmqpConnection } from './connection.js';
import { publishConfirmed } from './publisher.js';
import { deadLetterQueueName, declareTopology, retryQueueName } from './topology.js';

/** Everything one RabbitMQ consumer needs. */
export interface AmqpConsumerOptions {
  connection: AmqpConnection;
  config: QueueConfig;
  queue: string;
  topics: readonly string[];
  handler: EventHandler;
  prefetch: number;
  maxAttempts: number;
  logger: Logger;
  metrics: QueueMetrics;
}

function headerNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The event id: the AMQP message id, or a hash of the body (stable across redeliveries). */
function eventId(msg: ConsumeMessage): string {
  const id: unknown = msg.properties.messageId;
  if (typeof id === 'string' && id.length > 0) return id;
  return `sha256:${createHash('sha256').update(msg.content).digest('hex').slice(0, 40)}`;
}

/**
 * Consumes one queue with manual acks and `prefetch` unacked deliveries at most (the broker
 * enforces it, so that is the handler concurrency). A failed handler's event is republished to a
 * retry queue (or the DLQ after the last attempt) with the attempt count and the error in its
 * headers, and only then acked: republishing instead of nack-to-DLX is what lets the error text
 * and attempt count travel with the event. A crash between the confirm and the ack leaves both
 * copies; the idempotent handler runs it once. Reconnects with backoff after a connection loss.
 */
export async function startAmqpConsumer(options: AmqpConsumerOptions): Promise<Consumer> {
  const { connection, config, queue, logger, metrics } = options;
  const log = logger.child({ queue });
  const outage = createOutageLog(log, config.UnavailableLogIntervalMs);
  const waker = createWaker();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let channel: ConfirmChannel | undefined;
  let consumerTag: string | undefined;
  let failures = 0;

  async function settle(ch: ConfirmChannel, msg: ConsumeMessage, outcome: DispatchOutcome) {
    if (outcome.result !== 'ok') {
      const attempt = headerNumber(msg.properties.headers?.[HEADER.attempt]) + 1;
      const target =
        outcome.result === 'dead'
          ? deadLetterQueueName(queue)
          : retryQueueName(queue, retryLevelMs(attempt, config.BackoffMs, config.MaxBackoffMs));
      await publishConfirmed(ch, '', target, msg.content, {
        persistent: true,
        messageId: msg.properties.messageId as string | undefined,
        contentType: 'application/json',
        timestamp: msg.properties.timestamp as number | undefined,
        headers: {
          ...applicationHeaders(msg.properties.headers),
          [HEADER.topic]: topicOf(msg),
          [HEADER.attempt]: attempt,
          [HEADER.error]: outcome.error ?? '',
          ...(outcome.result === 'dead' && { [HEADER.failedAt]: new Date().toISOString() }),
        },
      });
    }
    ch.ack(msg);
  }

  function topicOf(msg: ConsumeMessage): string {
    const topic = msg.properties.headers?.[HEADER.topic];
    return typeof topic === 'string' ? topic : msg.fields.routingKey;
  }

  async function handle(ch: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    const outcome = await dispatch(
      {
        id: eventId(msg),
        topic: topicOf(msg),
        queue,
        body: msg.content.toString('utf8'),
        headers: applicationHeaders(msg.properties.headers),
        attempt: headerNumber(msg.properties.headers?.[HEADER.attempt]) + 1,
      },
      options.handler,
      options.maxAttempts,
      log,
      metrics,
    );
    try {
      await settle(ch, msg, outcome);
    } catch (err) {
      // The channel went away: the broker re-delivers the unacked event to the next consumer.
      log.warn(
        { err, eventId: eventId(msg) },
        'could not settle the event; it will be redelivered',
      );
    }
  }

  function onMessage(ch: ConfirmChannel, msg: ConsumeMessage | null): void {
    if (!msg) return; // The broker cancelled the consumer (queue deleted); the loop reconnects.
    const task = handle(ch, msg).finally(() => {
      inFlight.delete(task);
      if (stopped && inFlight.size === 0) waker.wake();
    });
    inFlight.add(task);
  }

  /** One connection's life: open, declare, consume until the channel closes. */
  async function session(onReady: () => void): Promise<void> {
    const model = await connection.get();
    const ch = await model.createConfirmChannel();
    const closed = new Promise<void>((resolve) => ch.once('close', () => resolve()));
    ch.on('error', (err: Error) => log.warn({ err }, 'RabbitMQ consumer channel error'));
    try {
      await declareTopology(ch, config, queue, options.topics, options.maxAttempts);
      await ch.prefetch(options.prefetch);
      channel = ch;
      const ok = await ch.consume(queue, (msg) => onMessage(ch, msg), { noAck: false });
      consumerTag = ok.consumerTag;
    } catch (err) {
      await ch.close().catch(() => undefined);
      throw err;
    }
    failures = 0;
    outage.recovered('RabbitMQ consumer is consuming again');
    onReady();
    await closed;
    channel = undefined;
    consumerTag = undefined;
  }

  let resolveStart!: () => void;
  let rejectStart!: (err: unknown) => void;
  const started = new Promise<void>((resolve, reject) => {
    resolveStart = resolve;
    rejectStart = reject;
  });
  let everStarted = false;

  const loop = (async () => {
    while (!stopped) {
      try {
        await session(() => {
          everStarted = true;
          resolveStart();
        });
      } catch (err) {
        // Broker down at start-up: fail consume() so the service does not start half-wired.
        if (!everStarted) {
          stopped = true;
          rejectStart(
            isAppError(err)
              ? err
              : new AppError('UNAVAILABLE', `cannot consume queue ${queue}: ${errorSummary(err)}`, {
                  cause: err,
                }),
          );
          return;
        }
        failures += 1;
        outage.failed(err, 'RabbitMQ consumer lost its connection; reconnecting');
      }
      if (!stopped) await waker.sleep(retryDelayMs(failures + 1, 100, config.RelayMaxBackoffMs));
    }
  })();

  await started;

  return {
    queue,
    inFlight: () => inFlight.size,
    async stop() {
      if (stopped && !channel) {
        await loop;
        return;
      }
      stopped = true;
      const ch = channel;
      // Stop deliveries first, then let the handlers in flight finish and ack.
      if (ch && consumerTag) await ch.cancel(consumerTag).catch(() => undefined);
      log.info(
        { inFlight: inFlight.size },
        'consumer stopped taking events; finishing those in flight',
      );
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      if (ch) await ch.close().catch(() => undefined);
      waker.wake();
      await loop;
    },
  };
}

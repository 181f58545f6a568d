import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { runWithTrace, traceFromTraceparent, tracingEnabled } from '../trace/index.js';
import { errorSummary, HEADER } from './headers.js';
import { startConsumeSpan } from './queue-span.js';
import type { ConsumeResult, QueueMetrics } from './metrics.js';
import type { DeliveredEvent, EventHandler, EventHeaders } from './types.js';

/** A delivery as both transports see it before the handler runs. */
export interface RawDelivery {
  readonly id: string;
  readonly topic: string;
  readonly queue: string;
  /** The JSON text. */
  readonly body: string;
  readonly headers: EventHeaders;
  readonly attempt: number;
}

/** What to do with a delivery after its handler ran. */
export interface DispatchOutcome {
  readonly result: ConsumeResult;
  /** Why it failed (retry or dead). */
  readonly error?: string;
}

/**
 * Runs a handler for one delivery inside the event's trace and decides its fate: `ok` (ack),
 * `retry` (another attempt later) or `dead` (last attempt failed, or the body is not JSON and
 * never will be). Records the duration histogram, the retry and dead-letter counters and one log
 * line per failure; the transport carries the decision out.
 */
export async function dispatch(
  delivery: RawDelivery,
  handler: EventHandler,
  maxAttempts: number,
  logger: Logger,
  metrics: QueueMetrics,
): Promise<DispatchOutcome> {
  const started = performance.now();
  // With telemetry on, the handler runs in a consumer span whose parent is the publish span.
  const span = tracingEnabled() ? startConsumeSpan(delivery) : undefined;
  const trace = span ? span.context : traceFromTraceparent(delivery.headers[HEADER.traceparent]);
  const outcome = await runWithTrace(trace, async (): Promise<DispatchOutcome> => {
    const fields = { eventId: delivery.id, topic: delivery.topic, queue: delivery.queue };
    let payload: unknown;
    try {
      payload = JSON.parse(delivery.body);
    } catch (err) {
      logger.error({ ...fields, err }, 'event body is not JSON; dead-lettered');
      return { result: 'dead', error: `body is not JSON: ${errorSummary(err)}` };
    }
    const event: DeliveredEvent = { ...delivery, payload };
    try {
      await handler(event);
      return { result: 'ok' };
    } catch (err) {
      const error = errorSummary(err);
      if (delivery.attempt >= maxAttempts) {
        logger.error(
          { ...fields, err, attempt: delivery.attempt },
          'event handler failed on its last attempt; dead-lettered',
        );
        return { result: 'dead', error };
      }
      logger.warn(
        { ...fields, err, attempt: delivery.attempt },
        'event handler failed; will retry',
      );
      return { result: 'retry', error };
    }
  });
  if (span) {
    span.setAttribute('vigil.queue.result', outcome.result);
    if (outcome.result !== 'ok') span.setError(outcome.result);
    span.end();
  }
  metrics.consumeDuration.observe(
    { queue: delivery.queue, result: outcome.result },
    (performance.now() - started) / 1000,
  );
  if (outcome.result === 'retry') metrics.retries.inc({ queue: delivery.queue });
  if (outcome.result === 'dead') metrics.deadLetters.inc({ queue: delivery.queue });
  return outcome;
}

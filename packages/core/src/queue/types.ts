import type { AppError } from '../errors/index.js';

/** String headers an event carries end to end (`traceparent` continues the producer's trace). */
export type EventHeaders = Record<string, string>;

/** An event on its way to the broker: the outbox relay's unit of publishing. */
export interface OutgoingEvent {
  /** Unique per event; consumers deduplicate on it. */
  readonly id: string;
  readonly topic: string;
  /** The payload as JSON text, passed through byte for byte. */
  readonly body: string;
  readonly headers: EventHeaders;
}

/** An event as a consumer's handler receives it. */
export interface DeliveredEvent<TPayload = unknown> {
  readonly id: string;
  readonly topic: string;
  /** The consumer group (queue) it was delivered to. */
  readonly queue: string;
  readonly payload: TPayload;
  readonly headers: EventHeaders;
  /** 1 on the first delivery, n on the n-th attempt after failures. */
  readonly attempt: number;
}

/**
 * Handles one event. Resolving acks it; throwing schedules a retry with backoff, or sends it to
 * the dead-letter queue when it was the last attempt. Handlers must be idempotent (delivery is
 * at least once): wrap them in `createIdempotentHandler`.
 */
export type EventHandler<TPayload = unknown> = (event: DeliveredEvent<TPayload>) => Promise<void>;

/** Per-consumer settings; the transport's config supplies the defaults. */
export interface ConsumeOptions {
  /** Most events handled at once. */
  prefetch?: number;
  /** Deliveries of a failing event before it is dead-lettered. */
  maxAttempts?: number;
}

/** A running consumer. */
export interface Consumer {
  readonly queue: string;
  /** Events being handled right now. */
  inFlight(): number;
  /** Stops taking new events, waits for those in flight to finish, then releases the channel. */
  stop(): Promise<void>;
}

/** One queue's counts; a figure the transport cannot know is null. */
export interface QueueStatus {
  readonly queue: string;
  /** Ready to be delivered now. */
  readonly ready: number;
  /** Delivered and not yet acked (RabbitMQ: null, AMQP does not expose it without the management API). */
  readonly unacked: number | null;
  /** Waiting for a retry delay to pass. */
  readonly delayed: number;
  /** In the dead-letter queue. */
  readonly dead: number;
  /** Consumers attached (PostgreSQL: null, consumers poll and are not registered). */
  readonly consumers: number | null;
}

/** A dead-lettered event, as `vigil queue dlq list` prints it. */
export interface DeadLetter {
  /** The event id (replay selects by it). */
  readonly id: string;
  readonly queue: string;
  readonly topic: string;
  readonly payload: string;
  readonly headers: EventHeaders;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: Date | undefined;
}

/** Which dead letters to replay: event ids, or every one. */
export type ReplaySelection = readonly string[] | 'all';

/** The dead-letter queues of a transport. */
export interface DeadLetterQueue {
  /** Dead letters of `queue` (every queue when absent, PostgreSQL only), oldest first. */
  list(options?: { queue?: string; limit?: number }): Promise<DeadLetter[]>;
  /** Puts the selected dead letters back on their queue with a fresh attempt count. */
  replay(selection: ReplaySelection, options?: { queue?: string }): Promise<number>;
}

/** One broker, two implementations (RabbitMQ; PostgreSQL for embedded mode). */
export interface Transport {
  readonly kind: 'rabbitmq' | 'postgres';
  /** Declares the queue and its retry and dead-letter queues and binds it to `topics`. */
  declare(queue: string, topics: readonly string[], options?: ConsumeOptions): Promise<void>;
  /**
   * Publishes and resolves once the broker has the event durably (publisher confirm / commit).
   * Rejects `UNAVAILABLE` when the broker is unreachable or no queue is bound to the topic
   * (details reason `unroutable`), `TIMEOUT` when the confirm does not come in time.
   */
  publish(event: OutgoingEvent): Promise<void>;
  /**
   * Publishes a batch (the relay's path): resolves with one entry per event, undefined when the
   * broker has it and the error otherwise (e.g. `unroutable`); rejects `UNAVAILABLE`/`TIMEOUT`
   * when the broker cannot be reached at all. PostgreSQL writes the batch in one commit.
   */
  publishMany(events: readonly OutgoingEvent[]): Promise<(AppError | undefined)[]>;
  /** Declares `queue` bound to `topics` and consumes it with manual acks. */
  consume<TPayload = unknown>(
    queue: string,
    topics: readonly string[],
    handler: EventHandler<TPayload>,
    options?: ConsumeOptions,
  ): Promise<Consumer>;
  /** Counts per queue: the named ones, or every known one when absent. */
  status(queues?: readonly string[]): Promise<QueueStatus[]>;
  readonly dlq: DeadLetterQueue;
  /** Stops every consumer (gracefully) and closes connections. Idempotent. */
  close(): Promise<void>;
}

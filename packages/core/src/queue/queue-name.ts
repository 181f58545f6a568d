import { AppError } from '../errors/index.js';

const QUEUE_NAME = /^[A-Za-z0-9_.:-]{1,200}$/;

/** Throws VALIDATION_FAILED unless `queue` is a usable queue name on both transports. */
export function checkQueueName(queue: string): void {
  if (!QUEUE_NAME.test(queue)) {
    throw new AppError('VALIDATION_FAILED', `invalid queue name "${queue}"`, {
      details: [{ field: 'queue', reason: '1 to 200 characters of [A-Za-z0-9_.:-]' }],
    });
  }
}

/** The error for an event no queue is bound to (the relay keeps such an event and retries it). */
export function unroutableError(topic: string): AppError {
  return new AppError('UNAVAILABLE', `no queue is bound to topic "${topic}"`, {
    details: [{ field: 'topic', reason: 'unroutable' }],
  });
}

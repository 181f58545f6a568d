import { AppError, isAppError } from '../../errors/index.js';

/** Work given to {@link withTimeout}: a promise, or a function that receives a cancel signal. */
export type TimeoutTask<T> = Promise<T> | ((signal: AbortSignal) => Promise<T>);

/**
 * Settles like `task`, unless `ms` pass first (rejects with `onTimeout()`) or `signal` aborts
 * first (rejects with the abort reason when it is an AppError, else `AppError('CANCELLED')`).
 * When `task` is a function it gets an AbortSignal that fires on timeout or on the parent's
 * abort, so the work itself can stop (fetch, pg query, gRPC call) instead of running on unseen —
 * the chained-timeout idea of go-zero's rest TimeoutHandler and zrpc timeout interceptor.
 * `ms` ≤ 0 means the deadline has already passed; `Infinity` means no timeout.
 */
export function withTimeout<T>(
  task: TimeoutTask<T>,
  ms: number,
  onTimeout: () => Error,
  signal?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (err: Error): void =>
      finish(() => {
        controller.abort(err);
        reject(err);
      });
    function onAbort(): void {
      const reason: unknown = signal?.reason;
      fail(isAppError(reason) ? reason : new AppError('CANCELLED', undefined, { cause: reason }));
    }

    const follow = (promise: Promise<T>): void => {
      promise.then(
        (value) => finish(() => resolve(value)),
        // Pass the task's own rejection through untouched, whatever it is.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        (err: unknown) => finish(() => reject(err)),
      );
    };
    // A promise already runs: follow it now so a late rejection is never unhandled.
    if (typeof task !== 'function') follow(task);
    if (signal?.aborted) return onAbort();
    if (ms <= 0) return fail(onTimeout());
    signal?.addEventListener('abort', onAbort, { once: true });
    if (Number.isFinite(ms)) timer = setTimeout(() => fail(onTimeout()), ms);
    if (typeof task === 'function') {
      try {
        follow(task(controller.signal));
      } catch (err) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        finish(() => reject(err));
      }
    }
  });
}

/** Returned by {@link Breaker.allow}: report how the protected call ended. */
export interface BreakerPromise {
  /** The call succeeded (or failed in a way that says nothing about the callee's health). */
  accept(): void;
  /** The call failed; `reason` is kept among the last errors shown when the breaker opens. */
  reject(reason?: string): void;
}

/** Counts over the breaker's window and the probability a new request is dropped now. */
export interface BreakerState {
  /** Requests seen in the window (successes, failures and drops). */
  requests: number;
  /** Successful requests in the window. */
  accepts: number;
  /** Probability in [0, 1] that the next request is dropped (before the force-pass rule). */
  dropRatio: number;
}

/** A client-side circuit breaker guarding calls to one dependency. */
export interface Breaker {
  readonly name: string;
  /** Admits a call or throws `AppError('UNAVAILABLE', 'circuit breaker is open')`. */
  allow(): BreakerPromise;
  /**
   * Runs `fn` if admitted. A rejection counts as a failure unless `acceptable(err)` is true
   * (e.g. NOT_FOUND says nothing about the callee's health). Throws the breaker's AppError when
   * dropped, else whatever `fn` throws.
   */
  do<T>(fn: () => Promise<T>, acceptable?: (err: unknown) => boolean): Promise<T>;
  /** Current window counts and drop ratio. */
  state(): BreakerState;
}

/** Outcome of one {@link Limiter.take}. Callers map a denial to `RATE_LIMITED` + `Retry-After`. */
export interface LimitResult {
  allowed: boolean;
  /** Permits left after this take (whole units, ≥ 0). */
  remaining: number;
  /** When denied: ms until the take could succeed; 0 when allowed. */
  retryAfterMs: number;
}

/** A rate limiter keyed by caller identity (user id, IP, route…). */
export interface Limiter {
  /** Takes `n` (default 1) permits for `key`. */
  take(key: string, n?: number): Promise<LimitResult>;
  /**
   * The same take answered synchronously, by limiters that need no I/O (in-process buckets).
   * Lets a per-request check skip a promise (each one pays Node 20's AsyncLocalStorage hooks).
   */
  takeNow?(key: string, n?: number): LimitResult;
}

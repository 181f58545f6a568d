import type { Logger } from 'pino';

/** Logs an ongoing outage at most once per interval, and its end once. */
export interface OutageLog {
  /** Records a failure; warns if none was logged within the interval. */
  failed(err: unknown, msg: string, fields?: Record<string, unknown>): void;
  /** Records a success; logs `msg` once if an outage was in progress. */
  recovered(msg: string): void;
  readonly failing: boolean;
}

/**
 * While a broker is down every retry fails; one warning per interval (with how many were
 * suppressed) keeps the log readable — the cache's outage log does the same for Redis.
 */
export function createOutageLog(
  logger: Logger,
  intervalMs: number,
  now: () => number = Date.now,
): OutageLog {
  let failing = false;
  let lastLogAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  let failures = 0;
  return {
    get failing() {
      return failing;
    },
    failed(err, msg, fields = {}) {
      failing = true;
      failures += 1;
      const t = now();
      if (t - lastLogAt >= intervalMs) {
        logger.warn({ err, failures, suppressed, ...fields }, msg);
        lastLogAt = t;
        suppressed = 0;
      } else {
        suppressed += 1;
      }
    },
    recovered(msg) {
      if (!failing) return;
      logger.info({ failures }, msg);
      failing = false;
      failures = 0;
      suppressed = 0;
      lastLogAt = Number.NEGATIVE_INFINITY;
    },
  };
}

import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { AppError, isAppError } from '../../errors/index.js';
import type { Clock } from '../clock.js';
import { withTimeout } from '../timeout/with-timeout.js';
import type { Limiter, LimitResult } from './limiter.js';
import { RedisScript } from './redis-script.js';

/** Options of {@link createPeriodLimiter}. */
export interface PeriodLimiterOptions {
  /** Window length, ms. */
  periodMs: number;
  /** Permits per key per window. */
  quota: number;
  /** Shared store: the quota then holds across every instance. Without it, per process. */
  redis?: Redis;
  /** Redis key prefix. Default `vigil:period:`. */
  prefix?: string;
  /**
   * Align windows to multiples of `periodMs` in local time (e.g. "5 SMS per calendar day") instead
   * of starting a window at a key's first hit (go-zero periodlimit.go Align()).
   */
  align?: boolean;
  /** Wall clock in ms. Default Date.now. */
  clock?: Clock;
  /** Keys the in-process limiter tracks at most (LRU). Default 100 000. */
  maxKeys?: number;
  /** A Redis call slower than this fails the take with `UNAVAILABLE`, ms. Default 200. */
  redisTimeoutMs?: number;
}

// INCRBY then set the expiry when this take opened the window (go-zero periodscript.lua, in ms).
// PTTL -1 means a key without expiry (set by hand or left by a failed write): fix it too.
const PERIOD_SCRIPT = new RedisScript(`
local current = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
local ttl = redis.call('PTTL', KEYS[1])
if current == tonumber(ARGV[1]) or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {current, ttl}
`);

/** ms left in the window that contains `nowMs` when windows are aligned to local-time periods. */
export function alignedWindowLeft(nowMs: number, periodMs: number): number {
  // Shift to local time so a one-day period starts at local midnight, as go-zero does.
  const local = nowMs - new Date(nowMs).getTimezoneOffset() * 60_000;
  return periodMs - (((local % periodMs) + periodMs) % periodMs);
}

function result(count: number, quota: number, windowLeftMs: number): LimitResult {
  // go-zero: count < quota → Allowed, = quota → HitQuota (still allowed), > quota → OverQuota.
  const allowed = count <= quota;
  return {
    allowed,
    remaining: Math.max(0, quota - count),
    retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil(windowLeftMs)),
  };
}

/**
 * Fixed-window counter: at most `quota` permits per key per `periodMs` (go-zero
 * core/limit/periodlimit.go). Every take counts, even a denied one, as in go-zero. With Redis the
 * counter is shared via an atomic INCRBY + PEXPIRE script (a Redis failure or timeout throws
 * `AppError('UNAVAILABLE')`); without it, an in-process LRU of counters with the same semantics.
 */
export function createPeriodLimiter(o: PeriodLimiterOptions): Limiter {
  if (!(o.periodMs > 0) || !(o.quota >= 0)) throw new RangeError('periodMs > 0 and quota ≥ 0');
  const clock = o.clock ?? Date.now;
  const windowFor = (now: number): number =>
    o.align ? alignedWindowLeft(now, o.periodMs) : o.periodMs;
  const redis = o.redis;

  if (redis) {
    const prefix = o.prefix ?? 'vigil:period:';
    return {
      async take(key: string, n = 1): Promise<LimitResult> {
        const windowMs = Math.max(1, Math.ceil(windowFor(clock())));
        let reply: unknown;
        try {
          reply = await withTimeout(
            PERIOD_SCRIPT.run(redis, [prefix + key], [n, windowMs]),
            o.redisTimeoutMs ?? 200,
            () => new AppError('UNAVAILABLE', 'rate limiter: Redis did not answer in time'),
          );
        } catch (err) {
          // The caller decides whether to fail open or closed; it gets a catalog error either way.
          if (isAppError(err)) throw err;
          throw new AppError('UNAVAILABLE', 'rate limiter: Redis failed', { cause: err });
        }
        const [count, ttl] = reply as [number, number];
        return result(count, o.quota, ttl);
      },
    };
  }

  const windows = new LRUCache<string, { count: number; endMs: number }>({
    max: o.maxKeys ?? 100_000,
  });
  return {
    async take(key: string, n = 1): Promise<LimitResult> {
      const now = clock();
      let w = windows.get(key);
      if (!w || now >= w.endMs) {
        w = { count: 0, endMs: now + windowFor(now) };
        windows.set(key, w);
      }
      w.count += n;
      return result(w.count, o.quota, w.endMs - now);
    },
  };
}

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../../errors/index.js';
import type { Clock } from '../clock.js';
import { withTimeout } from '../timeout/with-timeout.js';
import type { Limiter, LimitResult } from './limiter.js';
import { createMemoryTokenBucket, retryAfter } from './memory-token-bucket.js';
import { RedisScript } from './redis-script.js';

/** Options of {@link createTokenBucketLimiter}. */
export interface TokenBucketLimiterOptions {
  /** Tokens added per second. */
  rate: number;
  /** Bucket capacity: the largest burst allowed after an idle period. */
  burst: number;
  /** Shared store: the limit then holds across every instance. Without it, per process. */
  redis?: Redis;
  /** Redis key prefix (e.g. `vigil:ratelimit:login:`). Default `vigil:tb:`. */
  prefix?: string;
  /** Wall clock in ms. Default Date.now — it is shared with other processes through Redis. */
  clock?: Clock;
  /** A Redis call slower than this counts as Redis being down, ms. Default 200. */
  redisTimeoutMs?: number;
  /** How often to probe Redis while on the in-process fallback, ms. Default 100 (go-zero). */
  probeIntervalMs?: number;
  /** Keys the in-process bucket tracks at most (LRU). Default 100 000. */
  maxKeys?: number;
  logger?: Logger;
}

// One hash per key {tokens, ts}; refill and take in one atomic step. The caller's time is used
// (like go-zero's tokenscript.lua, but in ms), and ts never moves backwards so a host with a late
// clock cannot hand out extra tokens. Lua numbers are returned as strings to keep the fraction.
const TOKEN_SCRIPT = new RedisScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
local filled = math.min(burst, tokens + math.max(0, now - ts) * rate)
local allowed = 0
if filled >= n then
  filled = filled - n
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(filled), 'ts', tostring(math.max(ts, now)))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 2))
return {allowed, tostring(filled)}
`);

/**
 * Token bucket limiter: `rate` tokens per second, bucket of `burst`. With Redis the bucket is
 * shared (atomic Lua script); when Redis is unreachable it falls back to an in-process bucket and
 * probes Redis every `probeIntervalMs` until it answers again (go-zero core/limit/tokenlimit.go).
 */
export function createTokenBucketLimiter(
  o: TokenBucketLimiterOptions,
): Limiter & { close?(): void } {
  if (!(o.rate > 0) || !(o.burst >= 1)) throw new RangeError('rate must be > 0 and burst ≥ 1');
  const clock = o.clock ?? Date.now;
  const memory = createMemoryTokenBucket({ ...o, clock });
  const redis = o.redis;
  if (!redis) return memory;

  const prefix = o.prefix ?? 'vigil:tb:';
  const ratePerMs = o.rate / 1000;
  const timeoutMs = o.redisTimeoutMs ?? 200;
  const probeIntervalMs = o.probeIntervalMs ?? 100;
  let redisAlive = true;
  let probe: NodeJS.Timeout | undefined;

  function startProbe(err: unknown): void {
    redisAlive = false;
    if (probe) return;
    o.logger?.error({ err }, 'rate limiter: Redis unreachable, using the in-process limiter');
    probe = setInterval(() => {
      if (redis?.status !== 'ready') return;
      redis.ping().then(
        () => {
          redisAlive = true;
          stopProbe();
          o.logger?.info('rate limiter: Redis is back');
        },
        () => undefined,
      );
    }, probeIntervalMs);
    probe.unref();
  }

  function stopProbe(): void {
    if (probe) clearInterval(probe);
    probe = undefined;
  }

  async function takeRedis(key: string, n: number): Promise<LimitResult> {
    const reply = await withTimeout(
      TOKEN_SCRIPT.run(redis as Redis, [`{${prefix}${key}}`], [ratePerMs, o.burst, clock(), n]),
      timeoutMs,
      () => new AppError('UNAVAILABLE', 'rate limiter: Redis did not answer in time'),
    );
    const [allowed, tokensText] = reply as [number, string];
    const tokens = Number(tokensText);
    return allowed === 1
      ? { allowed: true, remaining: Math.floor(tokens), retryAfterMs: 0 }
      : {
          allowed: false,
          remaining: Math.floor(tokens),
          retryAfterMs: retryAfter(tokens, n, ratePerMs, o.burst),
        };
  }

  return {
    async take(key: string, n = 1): Promise<LimitResult> {
      // ioredis queues commands while disconnected; do not wait for it, rescue at once.
      if (!redisAlive || redis.status !== 'ready') {
        if (redisAlive) startProbe(new Error(`Redis connection is ${redis.status}`));
        return memory.take(key, n);
      }
      try {
        return await takeRedis(key, n);
      } catch (err) {
        startProbe(err);
        return memory.take(key, n);
      }
    },
    close: stopProbe,
  };
}

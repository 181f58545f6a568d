import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { Limiter, LimitResult } from './limiter.js';

/** Options of the in-process token bucket. */
export interface MemoryTokenBucketOptions {
  /** Tokens added per second. */
  rate: number;
  /** Bucket capacity: the largest burst allowed after an idle period. */
  burst: number;
  clock: Clock;
  /** Keys tracked at most; the least recently used is forgotten (it then starts full). */
  maxKeys?: number;
}

interface BucketState {
  tokens: number;
  lastMs: number;
}

/**
 * Computes one take against a bucket: refill by elapsed × rate (capped at burst), then take `n`
 * if that many tokens are there. Shared by the in-process limiter; the Redis script does the same.
 */
export function takeTokens(
  state: BucketState,
  nowMs: number,
  n: number,
  ratePerMs: number,
  burst: number,
): LimitResult {
  const elapsed = Math.max(0, nowMs - state.lastMs);
  state.tokens = Math.min(burst, state.tokens + elapsed * ratePerMs);
  state.lastMs = Math.max(state.lastMs, nowMs);
  if (state.tokens >= n) {
    state.tokens -= n;
    return { allowed: true, remaining: Math.floor(state.tokens), retryAfterMs: 0 };
  }
  return {
    allowed: false,
    remaining: Math.floor(state.tokens),
    retryAfterMs: retryAfter(state.tokens, n, ratePerMs, burst),
  };
}

/** ms until `n` tokens are there; a request larger than the bucket waits for a full refill. */
export function retryAfter(tokens: number, n: number, ratePerMs: number, burst: number): number {
  return Math.ceil((Math.min(n, burst) - tokens) / ratePerMs) || 1;
}

/**
 * The in-process token bucket (what go-zero gets from golang.org/x/time/rate). Memory is bounded
 * by an LRU of `maxKeys` buckets; forgetting an idle key is harmless because an idle bucket
 * refills to `burst`, which is also how a new key starts.
 */
export function createMemoryTokenBucket(o: MemoryTokenBucketOptions): Limiter {
  const ratePerMs = o.rate / 1000;
  const buckets = new LRUCache<string, BucketState>({ max: o.maxKeys ?? 100_000 });
  const takeNow = (key: string, n = 1): LimitResult => {
    const now = o.clock();
    let state = buckets.get(key);
    if (!state) {
      state = { tokens: o.burst, lastMs: now };
      buckets.set(key, state);
    }
    return takeTokens(state, now, n, ratePerMs, o.burst);
  };
  return {
    take: (key, n) => Promise.resolve(takeNow(key, n)),
    takeNow,
  };
}

import { randomUUID } from 'node:crypto';
import { requireService, waitFor } from '@vigil/testkit';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../clock.js';
import type { Limiter } from './limiter.js';
import { createTokenBucketLimiter } from './token-bucket.js';

const redisUrl = await requireService('redis');
const prefix = `vigil-test:tb:${randomUUID()}:`;
const clients: Redis[] = [];

function client(options: RedisOptions = {}): Redis {
  const c = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true, ...options });
  clients.push(c);
  return c;
}

afterAll(async () => {
  if (redisUrl) {
    const admin = new Redis(redisUrl);
    const keys = await admin.keys(`{${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  }
  for (const c of clients) c.disconnect();
});

/** The same behaviour is required of the in-process and the Redis bucket. */
function contract(name: string, make: (clock: ManualClock) => Promise<Limiter>, skip = false) {
  describe.skipIf(skip)(`token bucket (${name})`, () => {
    it('allows a burst of `burst`, then one token per 1/rate s', async () => {
      const clock = createManualClock(1_000_000);
      const l = await make(clock); // rate 10/s, burst 5
      const key = randomUUID();
      const remaining: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await l.take(key);
        expect(r.allowed).toBe(true);
        remaining.push(r.remaining);
      }
      expect(remaining).toEqual([4, 3, 2, 1, 0]);
      expect(await l.take(key)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 100 });
      clock.advance(60);
      expect(await l.take(key)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 40 });
      clock.advance(40);
      expect((await l.take(key)).allowed).toBe(true);
      // An idle bucket refills to burst, never beyond.
      clock.advance(10_000);
      let allowed = 0;
      for (let i = 0; i < 8; i++) if ((await l.take(key)).allowed) allowed++;
      expect(allowed).toBe(5);
    });

    it('takes n tokens at once and tells how long n would take', async () => {
      const clock = createManualClock(1_000_000);
      const l = await make(clock);
      const key = randomUUID();
      expect(await l.take(key, 3)).toMatchObject({ allowed: true, remaining: 2 });
      expect(await l.take(key, 3)).toEqual({ allowed: false, remaining: 2, retryAfterMs: 100 });
      expect(await l.take(key, 2)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('keeps keys apart', async () => {
      const clock = createManualClock(1_000_000);
      const l = await make(clock);
      const [a, b] = [randomUUID(), randomUUID()];
      expect((await l.take(a, 5)).allowed).toBe(true);
      expect((await l.take(a)).allowed).toBe(false);
      expect((await l.take(b)).allowed).toBe(true);
    });

    it('does not hand out extra tokens when a clock goes backwards', async () => {
      const clock = createManualClock(1_000_000);
      const l = await make(clock);
      const key = randomUUID();
      await l.take(key, 5);
      clock.advance(-5000); // another host with a late clock
      expect((await l.take(key)).allowed).toBe(false);
      clock.advance(5000);
      expect((await l.take(key)).allowed).toBe(false); // no refill for the time already counted
      clock.advance(100);
      expect((await l.take(key)).allowed).toBe(true);
    });
  });
}

contract('in-process', async (clock) =>
  createTokenBucketLimiter({ rate: 10, burst: 5, clock: clock.now }),
);
contract(
  'Redis',
  async (clock) => {
    const redis = client();
    await redis.connect();
    return createTokenBucketLimiter({ rate: 10, burst: 5, clock: clock.now, redis, prefix });
  },
  !redisUrl,
);

describe('token bucket memory bound', () => {
  it('forgets the least recently used key beyond maxKeys (it starts full again)', async () => {
    const clock = createManualClock();
    const l = createTokenBucketLimiter({ rate: 1, burst: 2, clock: clock.now, maxKeys: 2 });
    await l.take('a', 2);
    expect((await l.take('a')).allowed).toBe(false);
    await l.take('b');
    await l.take('c'); // evicts a
    expect((await l.take('a', 2)).allowed).toBe(true);
  });
});

describe.skipIf(!redisUrl)('token bucket Redis fallback', () => {
  it('stores the bucket in Redis under the prefix, with a TTL', async () => {
    const redis = client();
    await redis.connect();
    const l = createTokenBucketLimiter({ rate: 10, burst: 5, redis, prefix });
    await l.take('ttl-key', 2);
    const state = await redis.hgetall(`{${prefix}ttl-key}`);
    expect(Number(state.tokens)).toBeCloseTo(3, 1);
    const ttl = await redis.pttl(`{${prefix}ttl-key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000); // 2 × burst / rate
    l.close?.();
  });

  it('falls back to the in-process bucket while Redis is unreachable, then returns to Redis', async () => {
    const redis = client({ maxRetriesPerRequest: 0 }); // lazy: not connected yet = unreachable
    const clock = createManualClock(1_000_000);
    const l = createTokenBucketLimiter({
      rate: 10,
      burst: 5,
      redis,
      prefix,
      clock: clock.now,
      probeIntervalMs: 10,
    });
    const key = randomUUID();
    let allowed = 0;
    for (let i = 0; i < 8; i++) if ((await l.take(key)).allowed) allowed++;
    expect(allowed).toBe(5); // still limited, by the rescue limiter
    expect(redis.status).not.toBe('ready');

    await redis.connect();
    // The probe notices Redis is back; new takes then write the shared bucket.
    await waitFor(
      async () => {
        await l.take(key);
        return (await redis.exists(`{${prefix}${key}}`)) === 1;
      },
      { timeoutMs: 5000, what: 'the limiter to use Redis again' },
    );
    redis.disconnect();
    expect((await l.take(randomUUID())).allowed).toBe(true); // rescued again, no hang
    l.close?.();
  });
});

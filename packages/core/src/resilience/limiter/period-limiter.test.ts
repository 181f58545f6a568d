import { randomUUID } from 'node:crypto';
import { requireService, waitFor } from '@vigil/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { createManualClock } from '../clock.js';
import { alignedWindowLeft, createPeriodLimiter } from './period-limiter.js';
import { RedisScript } from './redis-script.js';

const redisUrl = await requireService('redis');
const prefix = `vigil-test:period:${randomUUID()}:`;
const clients: Redis[] = [];

async function client(): Promise<Redis> {
  const c = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  clients.push(c);
  await c.connect();
  return c;
}

afterAll(async () => {
  if (redisUrl) {
    const admin = await client();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
  }
  for (const c of clients) c.disconnect();
});

describe('createPeriodLimiter (in-process)', () => {
  it('allows `quota` per window, the last one exactly hitting it, then tells when it resets', async () => {
    const clock = createManualClock(1_000_000);
    const l = createPeriodLimiter({ periodMs: 1000, quota: 3, clock: clock.now });
    expect(await l.take('u')).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    expect(await l.take('u')).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    expect(await l.take('u')).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 }); // HitQuota
    clock.advance(400);
    expect(await l.take('u')).toEqual({ allowed: false, remaining: 0, retryAfterMs: 600 });
    expect((await l.take('other')).allowed).toBe(true);
    clock.advance(600); // the window opened by the first hit ends
    expect(await l.take('u')).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
  });

  it('counts n permits per take', async () => {
    const clock = createManualClock();
    const l = createPeriodLimiter({ periodMs: 1000, quota: 5, clock: clock.now });
    expect(await l.take('u', 4)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await l.take('u', 2)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('with align, windows end on period boundaries of local time', async () => {
    const lateEvening = new Date(2024, 0, 15, 23, 0, 0).getTime();
    const day = 24 * 3600_000;
    expect(alignedWindowLeft(lateEvening, day)).toBe(3600_000);
    const clock = createManualClock(lateEvening + 3600_000 - 1000); // 23:59:59
    const l = createPeriodLimiter({ periodMs: day, quota: 1, align: true, clock: clock.now });
    expect((await l.take('sms')).allowed).toBe(true);
    expect(await l.take('sms')).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000 });
    clock.advance(1000); // midnight: a new day, a new quota
    expect((await l.take('sms')).allowed).toBe(true);
  });

  it('bounds memory with an LRU of keys', async () => {
    const clock = createManualClock();
    const l = createPeriodLimiter({ periodMs: 1000, quota: 1, clock: clock.now, maxKeys: 2 });
    await l.take('a');
    expect((await l.take('a')).allowed).toBe(false);
    await l.take('b');
    await l.take('c'); // evicts a
    expect((await l.take('a')).allowed).toBe(true);
  });
});

describe.skipIf(!redisUrl)('createPeriodLimiter (Redis)', () => {
  it('shares one counter across limiters and expires it with the window', async () => {
    const [r1, r2] = [await client(), await client()];
    const a = createPeriodLimiter({ periodMs: 300, quota: 3, redis: r1, prefix });
    const b = createPeriodLimiter({ periodMs: 300, quota: 3, redis: r2, prefix });
    const key = randomUUID();
    expect(await a.take(key)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    expect(await b.take(key, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    const denied = await a.take(key);
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(300);
    const pttl = await r1.pttl(prefix + key);
    expect(pttl).toBeGreaterThan(0);
    await waitFor(async () => (await a.take(key)).allowed, {
      timeoutMs: 5000,
      what: 'the window to expire',
    });
  });

  it('with align, sets the expiry to the end of the aligned window', async () => {
    const redis = await client();
    const day = 24 * 3600_000;
    const now = new Date(2024, 0, 15, 23, 59, 0).getTime(); // one minute to midnight
    const l = createPeriodLimiter({
      periodMs: day,
      quota: 1,
      align: true,
      redis,
      prefix,
      clock: () => now,
    });
    const key = randomUUID();
    await l.take(key);
    const pttl = await redis.pttl(prefix + key);
    expect(pttl).toBeGreaterThan(59_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('turns a Redis failure into AppError UNAVAILABLE', async () => {
    const redis = new Redis(redisUrl ?? '', { lazyConnect: true, maxRetriesPerRequest: 0 });
    clients.push(redis);
    redis.disconnect(); // closed for good: commands fail
    const l = createPeriodLimiter({ periodMs: 1000, quota: 1, redis, prefix, redisTimeoutMs: 500 });
    const err = await l.take('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UNAVAILABLE');
  });
});

describe.skipIf(!redisUrl)('RedisScript', () => {
  it('falls back to EVAL when the server lacks the script, then EVALSHA finds it', async () => {
    const redis = await client();
    // A script no server has seen yet: the first EVALSHA gets NOSCRIPT.
    const script = new RedisScript(`-- ${randomUUID()}\nreturn ARGV[1] .. KEYS[1]`);
    const [before] = (await redis.script('EXISTS', script.sha)) as number[];
    expect(before).toBe(0);
    expect(await script.run(redis, ['k'], ['v'])).toBe('vk');
    const [after] = (await redis.script('EXISTS', script.sha)) as number[];
    expect(after).toBe(1);
    expect(await script.run(redis, ['k2'], ['w'])).toBe('wk2');
  });
});

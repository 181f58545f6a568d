import { randomBytes } from 'node:crypto';
import { requireService, waitFor } from '@vigil/testkit';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createCache, type Cache } from './cache.js';
import type { CacheConfigInput } from './config.js';
import { metricValue } from './test-metrics.js';

const redisUrl = await requireService('redis');
const prefix = `vigil:test:${randomBytes(4).toString('hex')}:`;
const opened: Cache[] = [];

function open(config: CacheConfigInput) {
  const registry = new Registry();
  const cache = createCache(
    { KeyPrefix: prefix, ...config },
    { logger: pino({ level: 'silent' }), registry, service: 'cache-test' },
  );
  opened.push(cache);
  return { cache, registry };
}

/** A loader over a fake table that counts how often it reaches "the database". */
function countingLoader(table: Map<string, { id: string; name: string }>) {
  const calls = { n: 0 };
  const load = (id: string) => async () => {
    calls.n += 1;
    await new Promise((resolve) => setImmediate(resolve));
    return table.get(id);
  };
  return { calls, load };
}

afterAll(async () => {
  for (const cache of opened) await cache.close();
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

const backends: [string, CacheConfigInput | undefined][] = [
  ['memory', {}],
  ['Redis', redisUrl ? { Redis: redisUrl } : undefined],
];

for (const [name, config] of backends) {
  describe.skipIf(!config)(`cache over ${name}`, () => {
    async function ready(cache: Cache) {
      // Redis starts connecting at creation; until it is ready takes go to the loader.
      await waitFor(async () => {
        await cache.set('ready-probe', 1);
        return (await cache.get<number>('ready-probe')) === 1;
      });
    }

    it('runs the loader once for 1,000 concurrent takes of a cold key', async () => {
      const { cache, registry } = open(config!);
      await ready(cache);
      const { calls, load } = countingLoader(new Map([['p1', { id: 'p1', name: 'Ada' }]]));
      const results = await Promise.all(
        Array.from({ length: 1000 }, () => cache.take('patient:p1', load('p1'))),
      );
      expect(calls.n).toBe(1);
      expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(
        new Set([JSON.stringify({ id: 'p1', name: 'Ada' })]),
      );
      expect(await metricValue(registry, 'vigil_cache_requests_total', { result: 'miss' })).toBe(1);
    });

    it('stores a placeholder so 1,000 lookups of a missing id load once', async () => {
      const { cache, registry } = open(config!);
      await ready(cache);
      const { calls, load } = countingLoader(new Map());
      for (let round = 0; round < 10; round += 1) {
        const results = await Promise.all(
          Array.from({ length: 100 }, () => cache.take('patient:missing', load('missing'))),
        );
        expect(results.every((r) => r === undefined)).toBe(true);
      }
      expect(calls.n).toBe(1);
      expect(
        await metricValue(registry, 'vigil_cache_requests_total', { result: 'placeholder' }),
      ).toBeGreaterThanOrEqual(900);
    });

    it('reloads after delete-on-write and after the entry expires', async () => {
      const { cache } = open(config!);
      await ready(cache);
      const table = new Map([['p2', { id: 'p2', name: 'Bo' }]]);
      const { calls, load } = countingLoader(table);
      expect(await cache.take('patient:p2', load('p2'))).toEqual({ id: 'p2', name: 'Bo' });
      table.set('p2', { id: 'p2', name: 'Bob' });
      await cache.del('patient:p2');
      expect(await cache.take('patient:p2', load('p2'), { ttlMs: 30 })).toEqual({
        id: 'p2',
        name: 'Bob',
      });
      expect(calls.n).toBe(2);
      await waitFor(async () => (await cache.take('patient:p2', load('p2'))) && calls.n === 3);
    });

    it('hands out copies: a caller mutating its result does not change the cache', async () => {
      const { cache } = open(config!);
      await ready(cache);
      const { load } = countingLoader(new Map([['p3', { id: 'p3', name: 'Cy' }]]));
      const first = await cache.take<{ name: string }>('patient:p3', load('p3'));
      first!.name = 'changed';
      // Hits after the first (in memory: copies of one parsed value) are each their own copy.
      const second = await cache.take<{ name: string; tags?: string[] }>('patient:p3', load('p3'));
      expect(second).toEqual({ id: 'p3', name: 'Cy' });
      second!.name = 'changed again';
      second!.tags = ['x'];
      expect(await cache.take('patient:p3', load('p3'))).toEqual({ id: 'p3', name: 'Cy' });
      // A new value replaces what the hits were copied from.
      await cache.set('patient:p3', { id: 'p3', name: 'Cyd' });
      expect(await cache.take('patient:p3', load('p3'))).toEqual({ id: 'p3', name: 'Cyd' });
    });

    it('passes a loader error to every waiting caller and caches nothing', async () => {
      const { cache } = open(config!);
      await ready(cache);
      let calls = 0;
      const failing = async () => {
        calls += 1;
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('db down');
      };
      const settled = await Promise.allSettled(
        Array.from({ length: 50 }, () => cache.take('patient:err', failing)),
      );
      expect(settled.every((s) => s.status === 'rejected')).toBe(true);
      expect(calls).toBe(1);
      expect(await cache.take('patient:err', async () => 'ok')).toBe('ok');
    });

    it('get and set round-trip JSON values and miss on absent keys', async () => {
      const { cache } = open(config!);
      await ready(cache);
      await cache.set('dict:sites', [{ code: 'S01' }]);
      expect(await cache.get('dict:sites')).toEqual([{ code: 'S01' }]);
      expect(await cache.get('dict:absent')).toBeUndefined();
      await cache.del('dict:sites');
      expect(await cache.get('dict:sites')).toBeUndefined();
    });
  });
}

describe.skipIf(!redisUrl)('cache entries in Redis', () => {
  it('are prefixed, JSON, expire within ±5 % of ExpiryMs, and placeholders are `*`', async () => {
    const expiry = 100_000;
    const { cache } = open({ Redis: redisUrl!, ExpiryMs: expiry, NotFoundExpiryMs: 5_000 });
    const redis = new Redis(redisUrl!);
    try {
      await waitFor(
        async () =>
          (await cache.take('v', async () => ({ a: 1 }))) &&
          (await redis.exists(`${prefix}v`)) === 1,
      );
      expect(await redis.get(`${prefix}v`)).toBe('{"a":1}');
      const ttl = await redis.pttl(`${prefix}v`);
      expect(ttl).toBeGreaterThan(expiry * 0.95 - 1000);
      expect(ttl).toBeLessThanOrEqual(expiry * 1.05);
      await cache.take('none', async () => undefined);
      expect(await redis.get(`${prefix}none`)).toBe('*');
      expect(await redis.pttl(`${prefix}none`)).toBeLessThanOrEqual(5_250);
    } finally {
      await redis.quit();
    }
  });
});

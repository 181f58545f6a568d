import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { waitFor } from '@vigil/testkit';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../resilience/clock.js';
import { freePort } from '../store/test-databases.js';
import { createCache, type Cache } from './cache.js';
import { metricValue } from './test-metrics.js';

// Each test runs its own redis-server on a free port, so killing it touches nobody else.
const children: ChildProcess[] = [];
const caches: Cache[] = [];

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  children.push(child);
  return waitFor(
    async () => {
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG' && child;
      } finally {
        probe.disconnect();
      }
    },
    { what: 'redis-server to answer' },
  );
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function setup(port: number) {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  const clock = createManualClock(1_000_000);
  const registry = new Registry();
  const cache = createCache(
    {
      Redis: `redis://127.0.0.1:${port}`,
      KeyPrefix: `outage:${randomBytes(3).toString('hex')}:`,
      CommandTimeoutMs: 200,
      ProbeIntervalMs: 50,
      UnavailableLogIntervalMs: 10_000,
    },
    { logger: pino({ level: 'info' }, stream), registry, service: 'outage', now: clock.now },
  );
  caches.push(cache);
  const source = new Map<string, string>();
  let loads = 0;
  const load = (key: string) => async () => {
    loads += 1;
    return source.get(key) ?? `v:${key}`;
  };
  /** True once a take of a fresh key is answered by Redis the second time. */
  const usingRedis = async () => {
    const key = `probe-${randomBytes(3).toString('hex')}`;
    await cache.take(key, load(key));
    const before = loads;
    await cache.take(key, load(key));
    return loads === before;
  };
  const warnings = () => lines.filter((l) => l.msg.includes('Redis is unavailable')).length;
  return { cache, registry, clock, source, load, loads: () => loads, usingRedis, warnings, lines };
}

afterEach(async () => {
  for (const cache of caches.splice(0)) await cache.close();
});

afterAll(async () => {
  for (const child of children) await kill(child);
});

describe('cache when Redis goes away', () => {
  it('answers every call from the loader while Redis is dead and resumes when it returns', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const t = setup(port);
    await waitFor(t.usingRedis, { what: 'cache to use Redis' });

    // 1,000 calls in 20 waves of 50 concurrent takes; Redis is killed while wave 6 is in flight.
    const answers: (string | undefined)[] = [];
    const expected: string[] = [];
    let killed: Promise<void> | undefined;
    for (let wave = 0; wave < 20; wave += 1) {
      const keys = Array.from({ length: 50 }, (_, i) => `k${(wave * 7 + i) % 80}`);
      const pending = keys.map((key) => cache(key));
      if (wave === 6) killed = kill(redis);
      answers.push(...(await Promise.all(pending)));
      expected.push(...keys.map((k) => `v:${k}`));
    }
    await killed;
    expect(answers).toEqual(expected);
    function cache(key: string) {
      return t.cache.take(key, t.load(key));
    }

    // While it is down: still answered, by the loader, counted, and warned about only once.
    const loadsBefore = t.loads();
    for (let i = 0; i < 200; i += 1) expect(await cache(`down${i % 5}`)).toBe(`v:down${i % 5}`);
    expect(t.loads() - loadsBefore).toBe(200);
    expect(await metricValue(t.registry, 'vigil_cache_unavailable_total')).toBeGreaterThanOrEqual(
      200,
    );
    expect(
      await metricValue(t.registry, 'vigil_cache_requests_total', { result: 'error' }),
    ).toBeGreaterThanOrEqual(200);
    expect(t.warnings()).toBe(1);
    t.clock.advance(10_000);
    await cache('down0');
    expect(t.warnings()).toBe(2);

    // Same port again: the client reconnects and the cache is used again.
    await startRedis(port);
    await waitFor(t.usingRedis, { timeoutMs: 15_000, what: 'cache to use Redis again' });
    expect(t.lines.some((l) => l.msg.includes('available again'))).toBe(true);
  });

  it('replays deletes made during the outage before serving from Redis again', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const t = setup(port);
    await waitFor(t.usingRedis, { what: 'cache to use Redis' });
    expect(await t.cache.take('patient:1', t.load('patient:1'))).toBe('v:patient:1');

    // A frozen Redis (SIGSTOP) keeps its data but answers nothing: commands time out.
    redis.kill('SIGSTOP');
    try {
      expect(await t.cache.take('other', t.load('other'))).toBe('v:other');
      t.source.set('patient:1', 'v2');
      await t.cache.del('patient:1'); // cannot reach Redis: remembered
      expect(await t.cache.take('patient:1', t.load('patient:1'))).toBe('v2');
    } finally {
      redis.kill('SIGCONT');
    }
    await waitFor(t.usingRedis, { timeoutMs: 15_000, what: 'cache to use Redis again' });
    // Without the replayed delete this would be the stale v:patient:1 still stored in Redis.
    expect(await t.cache.take('patient:1', t.load('patient:1'))).toBe('v2');
  });
});

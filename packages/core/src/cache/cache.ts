import { Value } from '@sinclair/typebox/value';
import type { Logger } from 'pino';
import { register as defaultRegistry, type Registry } from 'prom-client';
import { AppError } from '../errors/index.js';
import { Counter, getOrCreateMetric } from '../metrics/index.js';
import { SingleFlight } from '../syncx/index.js';
import type { CacheBackend } from './backend.js';
import { withCacheSpans } from './cache-span.js';
import { cloneJson } from './clone-json.js';
import { CacheConfigSchema, type CacheConfig, type CacheConfigInput } from './config.js';
import { unstableExpiry } from './jitter.js';
import { createMemoryBackend } from './memory-backend.js';
import { createRedisBackend } from './redis-backend.js';

/** What a cache needs from its service. */
export interface CacheOptions {
  logger: Logger;
  /** Where the cache counters go; prom-client's default registry when absent. */
  registry?: Registry | undefined;
  service: string;
  /** Clock for the once-per-interval outage log (tests drive it by hand). */
  now?: () => number;
}

/** Per-call options. */
export interface CacheSetOptions {
  /** Lifetime before the ±5 % jitter; the config's ExpiryMs when absent. */
  ttlMs?: number;
}

/**
 * Cache-aside over Redis or process memory, same behaviour both ways. Values are stored as JSON,
 * so callers get plain data back (a Date becomes its ISO string) and never share mutable objects.
 */
export interface Cache {
  /**
   * The cached value for `key`, or `load()`'s result, which is then cached. `load` resolving
   * undefined means "no such record": a placeholder is cached for NotFoundExpiryMs and undefined
   * returned. Concurrent takes of one key share one cache read and at most one load. When the
   * cache is unreachable the loader answers; a loader error propagates to every waiting caller.
   */
  take<T>(
    key: string,
    load: () => Promise<T | undefined>,
    options?: CacheSetOptions,
  ): Promise<T | undefined>;
  /** The cached value, or undefined when absent, a placeholder, or the cache is unreachable. */
  get<T>(key: string): Promise<T | undefined>;
  /** Caches `value` (best effort: an unreachable cache is logged and counted, not thrown). */
  set<T>(key: string, value: T, options?: CacheSetOptions): Promise<void>;
  /**
   * Deletes keys after a write to the database. Delete-after-write has a known race (go-zero has
   * it too): a reader that missed and loaded the old row before the write can store it after our
   * delete, leaving it stale until it expires. It needs a read and a write interleaving within
   * one load's duration; short ExpiryMs bounds the damage for data where that matters.
   */
  del(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

// go-zero's notFoundPlaceholder: a bare `*` is never valid JSON, so it cannot clash with a value.
const PLACEHOLDER = '*';

type Outcome = 'hit' | 'miss' | 'placeholder' | 'error';
interface Flight {
  outcome: Outcome;
  json: string | undefined;
  value: unknown;
}

function resolveConfig(input: CacheConfigInput): CacheConfig {
  const config = Value.Default(CacheConfigSchema, Value.Clone(input));
  const firstError = Value.Errors(CacheConfigSchema, config).First();
  if (firstError) {
    throw new AppError('CONFIG_INVALID', `invalid cache config ${firstError.path || '/'}`, {
      details: [{ field: firstError.path, reason: firstError.message }],
    });
  }
  return config as CacheConfig;
}

/** Opens a cache over `config.Redis`, or over process memory when it is absent. */
export function createCache(input: CacheConfigInput, options: CacheOptions): Cache {
  const config = resolveConfig(input);
  const registry = options.registry ?? defaultRegistry;
  const { logger, service } = options;
  const requests = getOrCreateMetric(
    registry,
    'vigil_cache_requests_total',
    () =>
      new Counter({
        name: 'vigil_cache_requests_total',
        help: 'Cache lookups by result: hit, miss, placeholder (known missing) or error (cache down)',
        labelNames: ['service', 'result'],
        registers: [registry],
      }),
  );
  const unavailable = getOrCreateMetric(
    registry,
    'vigil_cache_unavailable_total',
    () =>
      new Counter({
        name: 'vigil_cache_unavailable_total',
        help: 'Redis operations skipped or failed because Redis was unreachable or too slow',
        labelNames: ['service'],
        registers: [registry],
      }),
  );
  const backend: CacheBackend = config.Redis
    ? createRedisBackend(config.Redis, config, {
        logger,
        service,
        unavailable,
        now: options.now ?? Date.now,
      })
    : createMemoryBackend(config.MaxEntries);
  const flights = new SingleFlight<Flight>();
  // Label children bound once: counting is then one addition.
  const counters: Record<Outcome, { inc(): void }> = {
    hit: requests.labels({ service, result: 'hit' }),
    miss: requests.labels({ service, result: 'miss' }),
    placeholder: requests.labels({ service, result: 'placeholder' }),
    error: requests.labels({ service, result: 'error' }),
  };
  const count = (result: Outcome) => counters[result].inc();

  /** Reads a key; an unreachable backend reads as a miss flagged `error`. */
  function read(key: string): Promise<{ raw: string | undefined; error: boolean }> {
    return backend.get(key).then(
      (raw) => ({ raw, error: false }),
      () => ({ raw: undefined, error: true }),
    );
  }

  /** Best-effort write: the backend has already counted and logged an outage. */
  const write = (op: Promise<void>) => op.catch(() => undefined);

  function parse(key: string, raw: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(raw) };
    } catch (err) {
      // A value another writer stored in a format we cannot read: drop it and reload.
      logger.error({ err, key }, 'cache: unreadable entry deleted');
      void write(backend.del([key]));
      return { ok: false };
    }
  }

  const cache: Cache = {
    async take<T>(key: string, load: () => Promise<T | undefined>, opts?: CacheSetOptions) {
      const fullKey = config.KeyPrefix + key;
      // In-memory hit: answered at once; only misses (and Redis) go through the flight below.
      const local = backend.peek?.(fullKey);
      if (local?.raw === PLACEHOLDER) {
        count('placeholder');
        return undefined;
      }
      if (local !== undefined) {
        // Parsed once per stored value; every hit gets its own copy of that.
        if (local.parsed === undefined) {
          const parsed = parse(fullKey, local.raw);
          if (parsed.ok) local.parsed = parsed.value;
        }
        if (local.parsed !== undefined) {
          count('hit');
          return cloneJson(local.parsed) as T;
        }
      }
      // The cache read happens inside the flight (as go-zero's doTake): a caller arriving after a
      // load finished reads the stored value instead of missing and loading again.
      const { value: flight, fresh } = await flights.doEx(fullKey, async (): Promise<Flight> => {
        const { raw, error } = await read(fullKey);
        if (raw === PLACEHOLDER)
          return { outcome: 'placeholder', json: undefined, value: undefined };
        if (raw !== undefined) {
          const parsed = parse(fullKey, raw);
          if (parsed.ok) return { outcome: 'hit', json: raw, value: parsed.value };
        }
        const outcome: Outcome = error ? 'error' : 'miss';
        count(outcome);
        const value = await load();
        if (value === undefined) {
          const ttl = unstableExpiry(config.NotFoundExpiryMs);
          await write(backend.setIfAbsent(fullKey, PLACEHOLDER, ttl));
          return { outcome, json: undefined, value: undefined };
        }
        const json = JSON.stringify(value);
        await write(backend.set(fullKey, json, unstableExpiry(opts?.ttlMs ?? config.ExpiryMs)));
        return { outcome, json, value: JSON.parse(json) };
      });
      if (fresh) {
        if (flight.outcome === 'hit' || flight.outcome === 'placeholder') count(flight.outcome);
        return flight.value as T | undefined;
      }
      // Callers that shared another's flight did not load: counted as hits (go-zero does the
      // same), unless the cache was down or the key is known missing.
      count(flight.outcome === 'miss' ? 'hit' : flight.outcome);
      return flight.json === undefined ? undefined : (JSON.parse(flight.json) as T);
    },

    async get<T>(key: string) {
      const fullKey = config.KeyPrefix + key;
      const { raw, error } = await read(fullKey);
      if (error) count('error');
      else count(raw === undefined ? 'miss' : raw === PLACEHOLDER ? 'placeholder' : 'hit');
      if (raw === undefined || raw === PLACEHOLDER) return undefined;
      const parsed = parse(fullKey, raw);
      return parsed.ok ? (parsed.value as T) : undefined;
    },

    async set<T>(key: string, value: T, opts?: CacheSetOptions) {
      const ttl = unstableExpiry(opts?.ttlMs ?? config.ExpiryMs);
      await write(backend.set(config.KeyPrefix + key, JSON.stringify(value), ttl));
    },

    async del(...keys: string[]) {
      if (keys.length === 0) return;
      // An unreachable Redis keeps the keys and deletes them before reads resume.
      await write(backend.del(keys.map((k) => config.KeyPrefix + k)));
    },

    close: () => backend.close(),
  };
  return withCacheSpans(cache, config.Redis ? 'redis' : 'memory');
}

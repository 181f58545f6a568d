import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Counter } from '../metrics/index.js';
import { AppError } from '../errors/index.js';
import type { CacheBackend } from './backend.js';
import type { CacheConfig } from './config.js';

/** What the Redis backend needs besides its config. */
export interface RedisBackendOptions {
  logger: Logger;
  service: string;
  /** `vigil_cache_unavailable_total`: one per Redis operation skipped or failed during an outage. */
  unavailable: Counter<'service'>;
  now: () => number;
}

// Deletes that failed while Redis was down are replayed before reads resume, so a write made
// during the outage never leaves a stale entry behind. Past this many keys we stop tracking them
// one by one and clear the whole KeyPrefix namespace on recovery instead.
const MAX_PENDING_DELETES = 10_000;
const DEL_CHUNK = 500;

/**
 * Redis backend that fails fast and heals: no offline queue, no retries per request and a
 * command timeout, so a dead or slow Redis costs a caller at most CommandTimeoutMs (usually
 * nothing: while it is known to be down, calls skip it). ioredis reconnects by itself; a probe
 * then replays pending deletes and only afterwards lets reads use Redis again.
 */
export function createRedisBackend(
  url: string,
  config: CacheConfig,
  options: RedisBackendOptions,
): CacheBackend {
  const { logger, service, now } = options;
  const client = new Redis(url, {
    connectionName: service,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    commandTimeout: config.CommandTimeoutMs,
    connectTimeout: config.ConnectTimeoutMs,
    // Reconnect quickly and keep trying: 50 ms, 100 ms, … capped at 1 s.
    retryStrategy: (times) => Math.min(times * 50, 1_000),
  });
  let available = false; // becomes true on the first successful probe
  let everAvailable = false;
  let closed = false;
  let lastLogAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  let probing: Promise<void> | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  const pendingDeletes = new Set<string>();
  let deletesOverflowed = false;

  function report(err: unknown): void {
    // Before the first connection, "not ready yet" is start-up, not an outage worth a warning.
    if (!everAvailable && !(err instanceof Error)) return;
    if (now() - lastLogAt >= config.UnavailableLogIntervalMs) {
      logger.warn(
        { err, suppressed },
        'cache: Redis is unavailable, serving from the loader until it is back',
      );
      lastLogAt = now();
      suppressed = 0;
    } else {
      suppressed += 1;
    }
  }

  function markDown(err: unknown): void {
    if (closed) return;
    available = false;
    report(err);
    probeTimer ??= setInterval(() => void probe(), config.ProbeIntervalMs).unref();
  }

  async function flushPendingDeletes(): Promise<void> {
    if (deletesOverflowed && config.KeyPrefix) {
      // Too many lost deletes to replay: drop the whole namespace (SCAN, never KEYS).
      for await (const keys of client.scanStream({ match: `${config.KeyPrefix}*`, count: 1000 })) {
        if ((keys as string[]).length > 0) await client.unlink(...(keys as string[]));
      }
    } else if (deletesOverflowed) {
      logger.error('cache: deletes were lost during the outage and KeyPrefix is empty');
    }
    deletesOverflowed = false;
    while (pendingDeletes.size > 0) {
      const chunk = [...pendingDeletes].slice(0, DEL_CHUNK);
      await client.unlink(...chunk);
      for (const key of chunk) pendingDeletes.delete(key);
    }
  }

  function probe(): Promise<void> {
    if (closed || client.status !== 'ready') return Promise.resolve();
    probing ??= (async () => {
      try {
        await client.ping();
        await flushPendingDeletes();
        if (!available && everAvailable) logger.info('cache: Redis is available again');
        available = true;
        everAvailable = true;
        clearInterval(probeTimer);
        probeTimer = undefined;
      } catch (err) {
        markDown(err);
      } finally {
        probing = undefined;
      }
    })();
    return probing;
  }

  client.on('error', (err) => markDown(err));
  client.on('ready', () => void probe());
  client.on('close', () => {
    if (everAvailable) markDown(new Error('Redis connection closed'));
  });

  function failed(err: unknown): never {
    options.unavailable.inc({ service });
    markDown(err);
    throw new AppError('UNAVAILABLE', 'cache unavailable', { cause: err });
  }

  // Not async on purpose: the hit path costs one promise, not three.
  function use<T>(command: () => Promise<T>): Promise<T> {
    if (!available || client.status !== 'ready') {
      options.unavailable.inc({ service });
      report(undefined);
      return Promise.reject(new AppError('UNAVAILABLE', 'cache unavailable'));
    }
    return command().catch(failed);
  }

  return {
    get(key) {
      return use(() => client.get(key)).then((value) => value ?? undefined);
    },
    async set(key, value, ttlMs) {
      await use(() => client.set(key, value, 'PX', ttlMs));
    },
    async setIfAbsent(key, value, ttlMs) {
      await use(() => client.set(key, value, 'PX', ttlMs, 'NX'));
    },
    async del(keys) {
      try {
        await use(() => client.unlink(...keys));
      } catch (err) {
        for (const key of keys) {
          if (pendingDeletes.size >= MAX_PENDING_DELETES) deletesOverflowed = true;
          else pendingDeletes.add(key);
        }
        throw err;
      }
    },
    async close() {
      closed = true;
      clearInterval(probeTimer);
      await client.quit().catch(() => client.disconnect());
    },
  };
}

import {
  currentTrace,
  isSampled,
  runWithTrace,
  startSpan,
  tracingEnabled,
  type Span,
} from '../trace/index.js';
import type { Cache } from './cache.js';

type Operation = 'take' | 'get' | 'set' | 'del';

/**
 * Adds a client span per cache call made inside a trace (telemetry on only; calls outside any
 * trace stay unspanned). Keys are not recorded: they name patients. A `take` that misses runs its
 * loader inside the cache span, so the database query shows up as the span's child.
 */
export function withCacheSpans(cache: Cache, system: 'redis' | 'memory'): Cache {
  function open(operation: Operation): Span | undefined {
    if (!tracingEnabled()) return undefined;
    const parent = currentTrace();
    // Outside a trace, or in an unsampled one (nothing would be exported): no wrapper at all.
    if (!parent || !isSampled(parent)) return undefined;
    return startSpan(`cache ${operation}`, {
      kind: 'client',
      parent,
      attributes: { 'db.system.name': system, 'db.operation.name': operation },
    });
  }

  async function traced<T>(span: Span, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      span.recordError(err);
      throw err;
    } finally {
      span.end();
    }
  }

  return {
    take(key, load, options) {
      const span = open('take');
      if (!span) return cache.take(key, load, options);
      let loaded = false;
      const run = () => {
        loaded = true;
        return runWithTrace(span.context, load);
      };
      return traced(
        span,
        cache.take(key, run, options).then((value) => {
          // Hit: the value (or a not-found placeholder) came from the cache, not the loader.
          span.setAttribute('cache.hit', !loaded);
          return value;
        }),
      );
    },
    get<T>(key: string) {
      const span = open('get');
      if (!span) return cache.get<T>(key);
      return traced(
        span,
        cache.get<T>(key).then((value) => {
          span.setAttribute('cache.hit', value !== undefined);
          return value;
        }),
      );
    },
    set(key, value, options) {
      const span = open('set');
      return span ? traced(span, cache.set(key, value, options)) : cache.set(key, value, options);
    },
    del(...keys) {
      const span = open('del');
      return span ? traced(span, cache.del(...keys)) : cache.del(...keys);
    },
    close: () => cache.close(),
  };
}

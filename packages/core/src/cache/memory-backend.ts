import { LRUCache } from 'lru-cache';
import type { CacheBackend, LocalEntry } from './backend.js';

/**
 * In-process backend on lru-cache: per-entry TTL, least recently used evicted past `maxEntries`.
 * Each process has its own copy, so use it only where one process serves a service (embedded
 * mode, tests): a delete in one replica would not reach another's memory.
 */
export function createMemoryBackend(maxEntries: number): CacheBackend {
  const lru = new LRUCache<string, LocalEntry>({ max: maxEntries });
  return {
    async get(key) {
      return lru.get(key)?.raw;
    },
    peek(key) {
      return lru.get(key);
    },
    async set(key, value, ttlMs) {
      lru.set(key, { raw: value }, { ttl: ttlMs });
    },
    async setIfAbsent(key, value, ttlMs) {
      if (!lru.has(key)) lru.set(key, { raw: value }, { ttl: ttlMs });
    },
    async del(keys) {
      for (const key of keys) lru.delete(key);
    },
    async close() {
      lru.clear();
    },
  };
}

/**
 * What an in-process backend holds for a key: the stored text, and a slot where the cache layer
 * keeps the text's parsed form after the first read (a hit then copies instead of parsing). A new
 * value is a new entry, so the slot never outlives the text it was parsed from.
 */
export interface LocalEntry {
  readonly raw: string;
  parsed?: unknown;
}

/**
 * Where cached strings live: Redis or in-process memory. Values arrive already serialised, so
 * both backends hand callers fresh copies and behave the same (a Date comes back as a string in
 * both). Methods may throw when the store is unreachable; the cache layer turns that into a miss.
 */
export interface CacheBackend {
  get(key: string): Promise<string | undefined>;
  /**
   * The entry, for backends that can answer without I/O (process memory); others leave it out.
   * Lets a hit skip the promise chain of `get` and the single flight: there is nothing to share.
   */
  peek?(key: string): LocalEntry | undefined;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets only when the key is absent (go-zero SETNX for placeholders: a real value wins). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes keys; a backend that cannot reach its store must retry later, never drop them. */
  del(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

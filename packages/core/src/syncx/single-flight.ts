/**
 * Collapses concurrent calls with the same key into one: while a call for `key` is in flight,
 * later callers wait for and share its result (value or error) instead of running `fn` again —
 * the cache-stampede guard of go-zero core/syncx/singleflight.go. The key is forgotten as soon as
 * the call settles, so results are never cached.
 */
export class SingleFlight<T> {
  private readonly calls = new Map<string, Promise<T>>();

  /** Runs `fn` for `key` unless a call for `key` is already in flight; shares its outcome. */
  async do(key: string, fn: () => Promise<T>): Promise<T> {
    return (await this.doEx(key, fn)).value;
  }

  /** Like {@link SingleFlight.do}; `fresh` is true for the caller whose `fn` actually ran. */
  async doEx(key: string, fn: () => Promise<T>): Promise<{ value: T; fresh: boolean }> {
    const inFlight = this.calls.get(key);
    if (inFlight) return { value: await inFlight, fresh: false };
    // fn starts in a microtask, so even a synchronous throw settles after the key is registered
    // and the cleanup below can never leave a stale entry behind.
    const call = Promise.resolve()
      .then(fn)
      .finally(() => this.calls.delete(key));
    this.calls.set(key, call);
    return { value: await call, fresh: true };
  }

  /** Keys with a call in flight. */
  get size(): number {
    return this.calls.size;
  }
}

import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: Error) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs fn once for concurrent callers of one key and shares the value', async () => {
    const sf = new SingleFlight<number>();
    const d = deferred<number>();
    let calls = 0;
    const fn = () => {
      calls++;
      return d.promise;
    };
    const results = Promise.all([sf.doEx('k', fn), sf.doEx('k', fn), sf.doEx('k', fn)]);
    d.resolve(42);
    const all = await results;
    expect(calls).toBe(1);
    expect(all.map((r) => r.value)).toEqual([42, 42, 42]);
    expect(all.map((r) => r.fresh)).toEqual([true, false, false]);
  });

  it('shares a rejection with every waiter', async () => {
    const sf = new SingleFlight<number>();
    const d = deferred<number>();
    const a = sf.do('k', () => d.promise);
    const b = sf.do('k', () => Promise.resolve(1));
    d.reject(new Error('db down'));
    await expect(a).rejects.toThrow('db down');
    await expect(b).rejects.toThrow('db down');
  });

  it('keeps different keys independent', async () => {
    const sf = new SingleFlight<string>();
    const [a, b] = await Promise.all([
      sf.do('a', () => Promise.resolve('A')),
      sf.do('b', () => Promise.resolve('B')),
    ]);
    expect([a, b]).toEqual(['A', 'B']);
  });

  it('forgets the key once settled, so the next call runs fn again (no caching)', async () => {
    const sf = new SingleFlight<number>();
    let calls = 0;
    await sf.do('k', () => Promise.resolve(++calls));
    const second = await sf.doEx('k', () => Promise.resolve(++calls));
    expect(second).toEqual({ value: 2, fresh: true });
    expect(sf.size).toBe(0);
  });

  it('cleans up after a synchronous throw in fn', async () => {
    const sf = new SingleFlight<number>();
    await expect(
      sf.do('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(sf.size).toBe(0);
    await expect(sf.do('k', () => Promise.resolve(7))).resolves.toBe(7);
  });
});

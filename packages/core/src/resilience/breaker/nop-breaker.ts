import type { Breaker, BreakerPromise } from './breaker.js';

const nopPromise: BreakerPromise = { accept() {}, reject() {} };

/** A breaker that never opens: for dependencies that must not be guarded (go-zero nopbreaker.go). */
export function createNopBreaker(name: string): Breaker {
  return {
    name,
    allow: () => nopPromise,
    do: (fn) => fn(),
    state: () => ({ requests: 0, accepts: 0, dropRatio: 0 }),
  };
}

import type { Shedder, ShedderPromise, ShedderStats } from './shedder.js';

const nopPromise: ShedderPromise = { pass() {}, fail() {} };

/** A shedder that admits everything: for when shedding is switched off (go-zero nopshedder.go). */
export function createNopShedder(): Shedder {
  const stats: ShedderStats = {
    load: 0,
    flying: 0,
    avgFlying: 0,
    maxPass: 0,
    minRtMs: 0,
    maxFlight: 0,
    hot: false,
    dropped: 0,
  };
  return {
    allow: () => nopPromise,
    stats: () => ({ ...stats }),
  };
}

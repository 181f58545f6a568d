import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { createGoogleBreaker } from './google-breaker.js';

/** A small deterministic PRNG (mulberry32) so the breaker's dice are repeatable. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Google breaker against a simulated outage', () => {
  it('sheds most calls to a dead dependency and reopens within one window after it recovers', async () => {
    const clock = createManualClock();
    const breaker = createGoogleBreaker('dep', { clock: clock.now, random: prng(42) });
    // One call per ms: healthy for 2 s, down for 10 s (seconds 2..11), healthy again after.
    const reachedPerSecond: number[] = [];
    for (let ms = 0; ms < 25_000; ms++) {
      const down = ms >= 2000 && ms < 12_000;
      let reached = false;
      try {
        await breaker.do(async () => {
          reached = true;
          if (down) throw new Error('connection refused');
        });
      } catch {
        // dropped by the breaker, or failed: both are the caller's error path
      }
      const s = Math.floor(ms / 1000);
      reachedPerSecond[s] = (reachedPerSecond[s] ?? 0) + (reached ? 1 : 0);
      clock.advance(1);
    }
    const sum = (from: number, to: number) =>
      reachedPerSecond.slice(from, to).reduce((a, b) => a + b, 0);

    expect(sum(0, 2)).toBe(2000);
    // Onset: the 2 s of healthy accepts (× K 1.5) are tolerated, then the share falls.
    expect(reachedPerSecond[2]).toBeGreaterThan(900);
    expect(sum(2, 12)).toBeLessThan(5000); // of 10 000 calls during the outage
    // Once the healthy history has left the 10 s window only protection + force passes remain.
    expect(reachedPerSecond[11]).toBeLessThan(50);
    // Recovery is gradual (drops count as requests until they age out of the window) and
    // self-reinforcing: each success raises accepts and the working-bucket discount.
    expect(reachedPerSecond[12]).toBeGreaterThanOrEqual(1); // at least the 1 s force pass
    expect(reachedPerSecond[15]).toBeGreaterThan(200);
    expect(reachedPerSecond[21]).toBeGreaterThan(900); // back to normal within one 10 s window
    expect(reachedPerSecond[24]).toBe(1000);
  });
});

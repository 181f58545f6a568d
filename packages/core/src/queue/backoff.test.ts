import { describe, expect, it } from 'vitest';
import { retryDelayMs, retryLevelMs } from './backoff.js';

describe('retryDelayMs', () => {
  it('doubles per attempt from the base until the cap', () => {
    const levels = [1, 2, 3, 4, 5, 6].map((n) => retryLevelMs(n, 1000, 10_000));
    expect(levels).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('jitters downwards only, within the jitter fraction', () => {
    expect(retryDelayMs(3, 1000, 60_000, { random: () => 0 })).toBe(4000);
    expect(retryDelayMs(3, 1000, 60_000, { random: () => 0.999999 })).toBe(3200);
    for (let i = 0; i < 1000; i += 1) {
      const d = retryDelayMs(10, 1000, 30_000);
      expect(d).toBeGreaterThanOrEqual(24_000);
      expect(d).toBeLessThanOrEqual(30_000);
    }
  });

  it('stays finite for absurd attempt numbers and treats attempt < 1 as the first', () => {
    expect(retryLevelMs(10_000, 1000, 5000)).toBe(5000);
    expect(retryLevelMs(0, 1000, 5000)).toBe(1000);
  });
});

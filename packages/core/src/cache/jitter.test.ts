import { describe, expect, it } from 'vitest';
import { unstableExpiry } from './jitter.js';

describe('unstableExpiry', () => {
  it('stays within ±5 % of the base at the extremes of the random source', () => {
    expect(unstableExpiry(100_000, 0.05, () => 0)).toBe(105_000);
    expect(unstableExpiry(100_000, 0.05, () => 0.999999)).toBe(95_000);
    expect(unstableExpiry(100_000, 0.05, () => 0.5)).toBe(100_000);
  });

  it('spreads expiries over the whole band so entries cached together expire apart', () => {
    const samples = Array.from({ length: 2000 }, () => unstableExpiry(60_000));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(57_000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(63_000);
    expect(Math.min(...samples)).toBeLessThan(57_600);
    expect(Math.max(...samples)).toBeGreaterThan(62_400);
    expect(new Set(samples).size).toBeGreaterThan(1000);
  });

  it('never returns less than 1 ms', () => {
    expect(unstableExpiry(0)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { flagByThresholds, flagFisher } from './flag.js';

describe('flagByThresholds (gsm Flag: left-closed intervals)', () => {
  const thresholds = [-3, -2, 2, 3];
  const flags = [-2, -1, 0, 1, 2];
  it('flags a score equal to a threshold with the interval it opens', () => {
    const scores = Float64Array.of(-3.0001, -3, -2.5, -2, 0, 1.9999, 2, 2.9999, 3, 50);
    expect([...flagByThresholds(scores, thresholds, flags)]).toEqual([
      -2, -1, -1, 0, 0, 0, 1, 1, 2, 2,
    ]);
  });

  it('gives NaN scores a NaN flag and infinite scores the outer flags', () => {
    const out = flagByThresholds(Float64Array.of(NaN, -Infinity, Infinity), thresholds, flags);
    expect(out[0]).toBeNaN();
    expect([out[1], out[2]]).toEqual([-2, 2]);
  });

  it('supports custom intervals such as [5, 10) days for an identity KRI', () => {
    expect([...flagByThresholds(Float64Array.of(1, 5, 9.9, 10), [5, 10], [0, 1, 2])]).toEqual([
      0, 1, 1, 2,
    ]);
  });
});

describe('flagFisher (gsm v1 Flag_Fisher)', () => {
  it('flags ±2 below the strong p-value, ±1 below the moderate, by direction', () => {
    const p = Float64Array.of(0.001, 0.001, 0.03, 0.03, 0.05, NaN);
    const dir = Float64Array.of(1, -1, 1, -1, 1, 1);
    const out = flagFisher(p, dir, [0.01, 0.05]);
    expect([...out.slice(0, 5)]).toEqual([2, -2, 1, -1, 0]);
    expect(out[5]).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import type { MetricRow } from './input/aggregate.js';
import { BUILTIN_KRIS } from './kri/builtin.js';
import { defineKri } from './kri/validate.js';
import { scoreKri } from './score.js';

const kri0001 = BUILTIN_KRIS.get('kri0001')!; // rate, -2,-1,2,3, minN 30
const kri0005 = BUILTIN_KRIS.get('kri0005')!; // binary, -3,-2,2,3, minN 30
const rows = (...groups: [string, number, number][]): MetricRow[] =>
  groups.map(([groupId, numerator, denominator]) => ({ groupId, numerator, denominator }));
const byId = (result: ReturnType<typeof scoreKri>) =>
  new Map(result.groups.map((g) => [g.groupId, g]));

describe('scoreKri edge cases (README "Edge cases")', () => {
  it('sets zero-denominator groups aside and scores the rest as if they were absent', () => {
    const base = rows(['A', 10, 100], ['B', 30, 120], ['C', 5, 90]);
    const withZero = scoreKri([...base, ...rows(['Z', 3, 0], ['Y', 0, 0])], kri0001);
    expect(withZero.excluded.map((e) => e.groupId)).toEqual(['Y', 'Z']);
    expect(withZero.groups).toEqual(scoreKri(base, kri0001).groups);
  });

  it('scores every group 0 with flag 0 when all numerators are 0 (μ = 0), for every method', () => {
    const zero = rows(['A', 0, 100], ['B', 0, 50], ['C', 0, 300]);
    for (const method of ['normal', 'poisson', 'fisher'] as const) {
      const result = scoreKri(zero, kri0001, { method });
      for (const g of result.groups) {
        expect(Math.abs(g.score! - (method === 'fisher' ? 1 : 0))).toBeLessThan(1e-4);
        expect(g.flag).toBe(0);
      }
    }
  });

  it('scores a single site 0 (normal, Poisson) and gives it no Fisher score (no rest to compare)', () => {
    const one = rows(['A', 7, 90], ['A', 3, 20]);
    expect(scoreKri(one, kri0001).groups[0]).toMatchObject({
      numerator: 10,
      denominator: 110,
      score: 0,
      flag: 0,
    });
    expect(Math.abs(scoreKri(one, kri0001, { method: 'poisson' }).groups[0]!.score!)).toBeLessThan(
      1e-6,
    );
    expect(scoreKri(one, kri0001, { method: 'fisher' }).groups[0]).toMatchObject({
      score: null,
      flag: null,
    });
  });

  it('keeps numerators above denominators in binary KRIs; NA everywhere if the overall μ > 1', () => {
    const some = scoreKri(rows(['A', 40, 35], ['B', 3, 100], ['C', 5, 120], ['D', 4, 90]), kri0005);
    expect(byId(some).get('A')!.metric).toBeCloseTo(40 / 35, 15);
    // With 4 groups φ absorbs much of the outlier (Σ score² = number of groups).
    expect(byId(some).get('A')!.score).toBeGreaterThan(1.5);
    const over = scoreKri(rows(['A', 90, 35], ['B', 50, 40]), kri0005);
    expect(over.groups.every((g) => g.score === null && g.flag === null)).toBe(true);
    // Fisher cannot build a table with a negative cell: NA for those groups only.
    const fisher = scoreKri(rows(['A', 40, 35], ['B', 3, 100], ['C', 5, 120]), kri0005, {
      method: 'fisher',
    });
    expect(byId(fisher).get('A')!.score).toBeNull();
  });

  it('rejects NaN and negative input with an error naming the row', () => {
    expect(() => scoreKri(rows(['A', 1, 10], ['B', NaN, 10]), kri0001)).toThrow(
      'row 2: Numerator must be a finite number, got NaN',
    );
    expect(() => scoreKri(rows(['A', -1, 10]), kri0001)).toThrow(
      'row 1: Numerator must not be negative',
    );
  });

  it('returns no groups for no rows', () => {
    expect(scoreKri([], kri0001).groups).toEqual([]);
  });
});

describe('scoreKri', () => {
  it('gives groups below minN no score or flag, but counts them in μ and φ (gsm Summarize)', () => {
    const data = rows(['A', 2, 10], ['B', 30, 300], ['C', 80, 400], ['D', 20, 350]);
    const masked = scoreKri(data, kri0001);
    const unmasked = scoreKri(data, { ...kri0001, minN: 0 });
    expect(byId(masked).get('A')).toMatchObject({ score: null, flag: null });
    expect(byId(masked).get('B')!.score).toBe(byId(unmasked).get('B')!.score);
  });

  it('orders groups as gsm Summarize: flags 2, -2, 1, -1, 0, then by |metric|', () => {
    const kri = defineKri({
      id: 'k',
      type: 'rate',
      method: 'identity',
      thresholds: [-3, -2, 2, 3],
    });
    const data = rows(['a', 0, 1], ['b', 25, 10], ['c', 35, 10], ['d', 1, 1], ['e', 15, 10]);
    expect(scoreKri(data, kri).groups.map((g) => [g.groupId, g.flag])).toEqual([
      ['c', 2],
      ['b', 1],
      ['e', 0],
      ['d', 0],
      ['a', 0],
    ]);
  });

  it('flags a site with a clear excess by Fisher as +2 and one with a deficit as -2', () => {
    const data = rows(
      ['hi', 40, 100],
      ['lo', 0, 100],
      ...Array.from({ length: 8 }, (_, i): [string, number, number] => [`s${i}`, 10, 100]),
    );
    const result = byId(scoreKri(data, kri0005, { method: 'fisher' }));
    expect(result.get('hi')!.flag).toBe(2);
    expect(result.get('lo')!.flag).toBe(-2);
    expect(result.get('s0')!.flag).toBe(0);
  });

  it('carries metadata and adds per-group bounds and the funnel on request', () => {
    const data = rows(['A', 10, 100], ['B', 30, 120], ['C', 5, 90]);
    const metadata = new Map([['B', { country: 'FR', investigator: 'Dr Roux' }]]);
    const result = scoreKri(data, kri0001, { metadata, bounds: true });
    expect(byId(result).get('B')!.meta).toEqual({ country: 'FR', investigator: 'Dr Roux' });
    expect(result.boundThresholds).toEqual([-2, -1, 0, 2, 3]);
    expect(byId(result).get('A')!.bounds![2]).toBeCloseTo(result.overallMetric, 15);
    expect(result.funnel!.length).toBeGreaterThan(250);
    expect(scoreKri(data, kri0001).funnel).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, readMetricCsv } from '../input/csv.js';
import { BUILTIN_KRIS } from '../kri/builtin.js';
import { defineKri } from '../kri/validate.js';
import { scoreKri } from '../score.js';
import { analyzeNormalApprox } from './normal-approx.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');
const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('normal approximation (gsm v2.2.3 Analyze_NormalApprox)', () => {
  it('reproduces gsm analyticsSummary.csv from analyticsInput.csv: scores to 1e-9, flags equal, same order', () => {
    const input = readMetricCsv(fixture('gsm-v2.2.3/analyticsInput.csv'), 'analyticsInput.csv');
    const [, ...expected] = parseCsv(fixture('gsm-v2.2.3/analyticsSummary.csv'));
    const result = scoreKri(input.rows, BUILTIN_KRIS.get('kri0001')!);

    expect(result.groups).toHaveLength(expected.length);
    expected.forEach(({ fields }, i) => {
      const [groupId, , numerator, denominator, metric, score, flag] = fields;
      const got = result.groups[i]!;
      expect(got.groupId).toBe(groupId);
      expect(got.numerator).toBe(Number(numerator));
      expect(got.denominator).toBe(Number(denominator));
      expect(Math.abs(got.metric - Number(metric))).toBeLessThan(1e-12);
      expect(Math.abs(got.score! - Number(score))).toBeLessThan(1e-9);
      expect(got.flag).toBe(Number(flag));
    });
  });

  it('matches gsm formulas evaluated by R for a binary KRI with minN (Score NA below it)', () => {
    const [, ...rows] = parseCsv(fixture('r/normal-binary.csv'));
    const kri = defineKri({
      id: 'b',
      type: 'binary',
      method: 'normal',
      thresholds: [-3, -2, 2, 3],
      minN: 3,
    });
    const result = scoreKri(
      rows.map(({ fields }) => ({
        groupId: fields[0]!,
        numerator: Number(fields[1]),
        denominator: Number(fields[2]),
      })),
      kri,
    );
    const byId = new Map(result.groups.map((g) => [g.groupId, g]));
    for (const { fields } of rows) {
      const got = byId.get(fields[0]!)!;
      if (fields[3] === null) {
        expect(got.score).toBeNull();
        expect(got.flag).toBeNull();
      } else {
        expect(Math.abs(got.score! - Number(fields[3]))).toBeLessThan(1e-12);
        expect(got.flag).toBe(Number(fields[4]));
      }
    }
    expect(result.groups.filter((g) => g.score === null)).toHaveLength(2);
  });

  it('gives 0 scores when every numerator is 0 (μ = 0) and when φ = 0 (a single group)', () => {
    expect([...analyzeNormalApprox(f64([0, 0, 0]), f64([10, 20, 30]), 'rate').score]).toEqual([
      0, 0, 0,
    ]);
    const single = analyzeNormalApprox(f64([4]), f64([10]), 'binary');
    expect([...single.score]).toEqual([0]);
    expect(single.factor).toBe(0);
  });

  it('gives 0 scores for a binary KRI whose μ is exactly 1', () => {
    expect([...analyzeNormalApprox(f64([5, 7]), f64([5, 7]), 'binary').score]).toEqual([0, 0]);
  });

  it('gives NaN (NA) scores for a binary KRI with μ > 1, but scores one with a site above 1 and μ < 1', () => {
    const overall = analyzeNormalApprox(f64([12, 3]), f64([10, 1]), 'binary');
    expect([...overall.score].every(Number.isNaN)).toBe(true);
    const one = analyzeNormalApprox(f64([3, 10, 20]), f64([2, 100, 100]), 'binary');
    expect([...one.score].every(Number.isFinite)).toBe(true);
    expect(one.score[0]).toBeGreaterThan(0);
  });

  it('computes μ and φ as gsm does', () => {
    const r = analyzeNormalApprox(f64([1, 9]), f64([10, 30]), 'rate');
    const mu = 10 / 40;
    const z0 = [(0.1 - mu) / Math.sqrt(mu / 10), (0.3 - mu) / Math.sqrt(mu / 30)];
    const phi = (z0[0]! ** 2 + z0[1]! ** 2) / 2;
    expect(r.overallMetric).toBe(mu);
    expect(r.factor).toBeCloseTo(phi, 14);
    expect(r.score[0]).toBeCloseTo((0.1 - mu) / Math.sqrt((phi * mu) / 10), 13);
  });
});

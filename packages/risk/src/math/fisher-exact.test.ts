import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../input/csv.js';
import { fisherExactTwoSided, roundHalfEven } from './fisher-exact.js';
import { logHypergeometricDensity } from './loader.js';

describe('fisherExactTwoSided', () => {
  it("equals R's fisher.test p-values (56 tables, stored R output)", () => {
    const text = readFileSync(new URL('../../test/fixtures/r/fisher.csv', import.meta.url), 'utf8');
    const [, ...rows] = parseCsv(text);
    expect(rows.length).toBeGreaterThan(50);
    for (const { fields } of rows) {
      const [a, b, c, d, p] = fields.map(Number) as [number, number, number, number, number];
      const got = fisherExactTwoSided(a, b, c, d);
      // Relative 1e-10 (R's own 2x2 sum is not clamped: it can print 1.0000000000000002).
      expect(Math.abs(got - p)).toBeLessThanOrEqual(1e-10 * p + 1e-300);
    }
  });

  it('counts tables tied with the observed one on both sides (symmetric case)', () => {
    // [[3,1],[1,3]]: tables 0..4 have probabilities 1,16,36,16,1 /70; P(<= 16/70) = 34/70.
    expect(fisherExactTwoSided(3, 1, 1, 3)).toBeCloseTo(34 / 70, 15);
  });

  it('is 1 when the margins allow one table only, and symmetric under transposition', () => {
    expect(fisherExactTwoSided(0, 0, 3, 4)).toBe(1);
    expect(fisherExactTwoSided(12, 388, 1300, 98700)).toBeCloseTo(
      fisherExactTwoSided(12, 1300, 388, 98700),
      14,
    );
  });
});

describe('logHypergeometricDensity', () => {
  it('sums to 1 over the support and equals the closed form for small urns', () => {
    let total = 0;
    for (let x = 0; x <= 7; x++) total += Math.exp(logHypergeometricDensity(x, 9, 11, 7));
    expect(total).toBeCloseTo(1, 14);
    // C(5,2) C(5,3) / C(10,5) = 100/252
    expect(Math.exp(logHypergeometricDensity(2, 5, 5, 5))).toBeCloseTo(100 / 252, 15);
  });
});

describe('roundHalfEven', () => {
  it('rounds ties to even as R does', () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 7].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 7]);
  });
});

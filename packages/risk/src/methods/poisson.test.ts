import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../input/csv.js';
import { analyzePoisson } from './poisson.js';

// R's output for `residuals(glm(Numerator ~ offset(log(Denominator)), family = poisson))`, made by
// test/fixtures/r/make-fixtures.R (R version in test/fixtures/r/R-VERSION).
const datasets = ['gsm-sites', 'overdispersed', 'large', 'fractional', 'all-zero'];

describe('Poisson GLM deviance residuals (gsm Analyze_Poisson)', () => {
  it.each(datasets)('equals R glm residuals within 1e-8 on %s', (name) => {
    const text = readFileSync(
      new URL(`../../test/fixtures/r/poisson-${name}.csv`, import.meta.url),
      'utf8',
    );
    const [, ...rows] = parseCsv(text);
    const col = (k: number): Float64Array => Float64Array.from(rows, (r) => Number(r.fields[k]));
    const result = analyzePoisson(col(1), col(2));
    const residual = col(3);
    const fitted = col(4);
    rows.forEach((_, i) => {
      expect(Math.abs(result.score[i]! - residual[i]!)).toBeLessThan(1e-8);
      expect(Math.abs(result.expected[i]! / fitted[i]! - 1)).toBeLessThan(1e-10);
    });
    expect(result.iterations).toBe(Number(rows[0]!.fields[6]));
    expect(result.converged).toBe(true);
  });

  it('lands where the closed-form maximum is, within what the stopping rule of R leaves (~1e-10)', () => {
    const x = Float64Array.of(3, 0, 17, 8);
    const n = Float64Array.of(100, 40, 300, 90);
    const r = analyzePoisson(x, n);
    expect(Math.abs(r.intercept - Math.log(28 / 530))).toBeLessThan(1e-8);
    expect(r.expected.reduce((a, b) => a + b, 0) / 28 - 1).toBeLessThan(1e-8);
  });

  it('scores a single group 0 and handles no groups', () => {
    expect(
      Math.abs(analyzePoisson(Float64Array.of(5), Float64Array.of(50)).score[0]!),
    ).toBeLessThan(1e-6);
    expect(analyzePoisson(new Float64Array(0), new Float64Array(0)).score).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { funnelBounds, numeratorBound, type FunnelModel } from './bounds.js';
import { analyzeNormalApprox } from './methods/normal-approx.js';
import { analyzePoisson } from './methods/poisson.js';

const x = Float64Array.of(12, 40, 3, 55, 20, 9);
const n = Float64Array.of(300, 700, 150, 800, 410, 90);

/** Poisson deviance residual of y against m. */
const residual = (y: number, m: number): number =>
  Math.sign(y - m) * Math.sqrt(2 * ((y > 0 ? y * Math.log(y / m) : 0) - (y - m)));

describe('numeratorBound', () => {
  it('normal: a group at the bound scores exactly the threshold', () => {
    for (const type of ['rate', 'binary'] as const) {
      const fit = analyzeNormalApprox(x, n, type);
      const model: FunnelModel = { method: 'normal', type, ...fit, intercept: NaN };
      const unit =
        type === 'binary' ? fit.overallMetric * (1 - fit.overallMetric) : fit.overallMetric;
      for (const t of [-3, -2, 0, 2, 3]) {
        const bound = numeratorBound(model, t, 500) / 500;
        const score = (bound - fit.overallMetric) / Math.sqrt((fit.factor * unit) / 500);
        expect(score).toBeCloseTo(t, 12);
      }
    }
  });

  it('poisson: the deviance residual at the bound equals the threshold (Lambert W inversion)', () => {
    const fit = analyzePoisson(x, n);
    const model: FunnelModel = {
      method: 'poisson',
      type: 'rate',
      overallMetric: NaN,
      factor: NaN,
      intercept: fit.intercept,
    };
    for (const denominator of [50, 400, 5000]) {
      const m = denominator * Math.exp(fit.intercept);
      for (const t of [-7, -5, -1, 1, 5, 7]) {
        const y = numeratorBound(model, t, denominator);
        if (Number.isNaN(y)) {
          // No count is that low: even y = 0 has residual -sqrt(2m) > t.
          expect(-Math.sqrt(2 * m)).toBeGreaterThan(t);
        } else {
          expect(residual(y, m)).toBeCloseTo(t, 9);
        }
      }
      expect(numeratorBound(model, 0, denominator)).toBeCloseTo(m, 12);
    }
  });

  it('identity: the bound is the threshold itself; fisher has none', () => {
    const model: FunnelModel = {
      method: 'identity',
      type: 'rate',
      overallMetric: 0,
      factor: NaN,
      intercept: NaN,
    };
    expect(numeratorBound(model, 7, 20) / 20).toBe(7);
    expect(numeratorBound({ ...model, method: 'fisher' }, 0.05, 20)).toBeNaN();
  });
});

describe('funnelBounds', () => {
  it("uses gsm's grid: 250 steps over the denominator range plus one step each side, thresholds and 0", () => {
    const fit = analyzeNormalApprox(x, n, 'rate');
    const points = funnelBounds(
      { method: 'normal', type: 'rate', ...fit, intercept: NaN },
      [-2, 2],
      n,
    );
    const zero = points.filter((p) => p.threshold === 0);
    expect(zero).toHaveLength(253);
    expect(zero[0]!.denominator).toBeCloseTo(90 - 710 / 250, 10);
    expect(zero.at(-1)!.denominator).toBeCloseTo(800 + 710 / 250, 10);
    expect(new Set(points.map((p) => p.threshold))).toEqual(new Set([-2, 2, 0]));
    // Lower bounds below 0 events are dropped, as gsm does.
    expect(points.every((p) => p.numerator >= 0)).toBe(true);
  });

  it('poisson grid is in log denominator; a single denominator still draws a funnel', () => {
    const fit = analyzePoisson(x, n);
    const model: FunnelModel = {
      method: 'poisson',
      type: 'rate',
      overallMetric: NaN,
      factor: NaN,
      intercept: fit.intercept,
    };
    const points = funnelBounds(model, [-5, 5], n).filter((p) => p.threshold === 0);
    const ratio = points[1]!.denominator / points[0]!.denominator;
    expect(points[2]!.denominator / points[1]!.denominator).toBeCloseTo(ratio, 10);
    expect(funnelBounds(model, [5], Float64Array.of(100)).length).toBeGreaterThan(0);
    expect(funnelBounds({ ...model, method: 'fisher' }, [0.01, 0.05], n)).toEqual([]);
  });
});

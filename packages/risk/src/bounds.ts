import type { KriMethod, KriType } from './kri/definition.js';
import { lambertW0, lambertWm1 } from './math/lambert-w.js';
import { rSeq } from './math/r-seq.js';

/** What a funnel needs from a fitted analysis. */
export interface FunnelModel {
  readonly method: KriMethod;
  readonly type: KriType;
  /** μ of the normal approximation. */
  readonly overallMetric: number;
  /** φ of the normal approximation. */
  readonly factor: number;
  /** β0 of the Poisson model (log overall rate). */
  readonly intercept: number;
}

/** One point of a funnel line: at this denominator, a group with this numerator scores `threshold`. */
export interface FunnelPoint {
  readonly threshold: number;
  readonly denominator: number;
  readonly numerator: number;
  readonly metric: number;
}

/**
 * The numerator at which a group with denominator n scores exactly `threshold`; NaN where no such
 * numerator exists (a Poisson residual below -sqrt(2μ) is impossible) or the method has no bounds
 * (Fisher's p-value has no closed-form inverse).
 *
 * - normal: X = n (μ + t sqrt(φ V(n))), V(n) = μ(1-μ)/n or μ/n (gsm `Analyze_NormalApprox_PredictBounds`);
 * - poisson: solve sign(y-m) sqrt(2(y log(y/m) - (y - m))) = t for y with m = n e^β0; with
 *   a = t² - 2m, y = a / (2 W(a / (2 e m))), W0 for t > 0 and W-1 for t < 0
 *   (gsm `Analyze_Poisson_PredictBounds`);
 * - identity: X = t n.
 */
export function numeratorBound(model: FunnelModel, threshold: number, n: number): number {
  const t = threshold;
  switch (model.method) {
    case 'normal': {
      const mu = model.overallMetric;
      const unit = model.type === 'binary' ? mu * (1 - mu) : mu;
      return n * (mu + t * Math.sqrt((model.factor * unit) / n));
    }
    case 'poisson': {
      const m = n * Math.exp(model.intercept);
      if (t === 0) return m;
      const a = t * t - 2 * m;
      // a = 0: the limits are y = e·m (upper) and y = 0 (lower).
      if (a === 0) return t > 0 ? Math.E * m : 0;
      const z = a / (2 * Math.E * m);
      return a / (2 * (t > 0 ? lambertW0(z) : lambertWm1(z)));
    }
    case 'identity':
      return t * n;
    case 'fisher':
      return NaN;
  }
}

/** Thresholds of the funnel: the KRI's, plus 0 (the expected line) for the model-based methods. */
function funnelThresholds(method: KriMethod, thresholds: readonly number[]): number[] {
  return method === 'identity' ? [...thresholds] : [...new Set([...thresholds, 0])];
}

/**
 * Funnel-plot lines for each threshold over the range of the groups' denominators, on gsm's grid:
 * 250 steps plus one on each side, linear in n for normal/identity and in log n for Poisson
 * (step 1 or 0.05 when all denominators are equal). Points with a negative or undefined numerator
 * are dropped, as gsm does. Empty for Fisher and for no groups.
 */
export function funnelBounds(
  model: FunnelModel,
  thresholds: readonly number[],
  denominators: Float64Array,
): FunnelPoint[] {
  if (model.method === 'fisher' || denominators.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const n of denominators) {
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  let grid: Float64Array;
  if (model.method === 'poisson') {
    const lo = Math.log(min);
    const range = Math.log(max) - lo;
    const step = range !== 0 ? range / 250 : 0.05;
    grid = rSeq(lo - step, Math.log(max) + step, step).map(Math.exp);
  } else {
    const range = max - min;
    const step = range !== 0 ? range / 250 : 1;
    grid = rSeq(min - step, max + step, step);
  }
  const points: FunnelPoint[] = [];
  for (const threshold of funnelThresholds(model.method, thresholds)) {
    for (const n of grid) {
      if (!(n > 0)) continue;
      const numerator = numeratorBound(model, threshold, n);
      if (!(numerator >= 0)) continue;
      points.push({ threshold, denominator: n, numerator, metric: numerator / n });
    }
  }
  return points;
}

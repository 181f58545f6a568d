import type { KriType } from '../kri/definition.js';

/** Result of the normal approximation: one score per group plus the study-wide parameters. */
export interface NormalApproxResult {
  /** Adjusted z-score per group; NaN where undefined (see README "Edge cases"). */
  readonly score: Float64Array;
  /** μ = ΣX / Σn over all groups (`OverallMetric` in gsm). */
  readonly overallMetric: number;
  /** φ = mean(z0²), the over-dispersion factor (`Factor` in gsm). */
  readonly factor: number;
}

/**
 * Adjusted z-score with over-dispersion, as gsm v2.2.3 `Analyze_NormalApprox`:
 *
 *   p_i = X_i / n_i,  μ = ΣX / Σn,  V_i = μ(1-μ)/n_i (binary) or μ/n_i (rate),
 *   z0_i = (p_i - μ) / sqrt(V_i),  φ = mean(z0²),  z_i = (p_i - μ) / sqrt(φ V_i).
 *
 * z0 = 0 when μ = 0 (or μ = 1 for binary), and z = 0 when also φ = 0. For a binary KRI with μ > 1
 * the variance is negative and every score is NaN, as in R (NA). Groups must have n_i > 0
 * (zero-exposure groups are dropped before, as gsm's `Transform_Rate` does).
 */
export function analyzeNormalApprox(
  numerator: Float64Array,
  denominator: Float64Array,
  type: KriType,
): NormalApproxResult {
  const count = numerator.length;
  const score = new Float64Array(count);
  if (count === 0) return { score, overallMetric: NaN, factor: NaN };

  // Compensated sums (R sums in long double); inlined so the hot path allocates nothing.
  let sx = 0;
  let cx = 0;
  let sn = 0;
  let cn = 0;
  for (let i = 0; i < count; i++) {
    const x = numerator[i] as number;
    const n = denominator[i] as number;
    let t = sx + x;
    cx += Math.abs(sx) >= Math.abs(x) ? sx - t + x : x - t + sx;
    sx = t;
    t = sn + n;
    cn += Math.abs(sn) >= Math.abs(n) ? sn - t + n : n - t + sn;
    sn = t;
  }
  const mu = (sx + cx) / (sn + cn);
  // Per-unit variance: V_i = unitVariance / n_i.
  const unitVariance = type === 'binary' ? mu * (1 - mu) : mu;
  const degenerate = mu === 0 || (type === 'binary' && mu === 1);
  if (degenerate) return { score, overallMetric: mu, factor: 0 };
  // Binary with μ > 1 (numerators above denominators): negative variance, every score NA as in R.
  if (!(unitVariance > 0)) return { score: score.fill(NaN), overallMetric: mu, factor: NaN };

  // z0² = (p_i - μ)² n_i / V(1): no square root needed for φ.
  let sz = 0;
  let cz = 0;
  for (let i = 0; i < count; i++) {
    const n = denominator[i] as number;
    const d = (numerator[i] as number) / n - mu;
    const v = (d * d * n) / unitVariance;
    const t = sz + v;
    cz += Math.abs(sz) >= Math.abs(v) ? sz - t + v : v - t + sz;
    sz = t;
  }
  const phi = (sz + cz) / count;
  if (phi === 0) return { score, overallMetric: mu, factor: phi };

  // z_i = (p_i - μ) sqrt(n_i / (φ V(1))): one square root per group. NaN φ (negative variance)
  // propagates into every score, matching R's NA.
  const inverseScale = 1 / (phi * unitVariance);
  for (let i = 0; i < count; i++) {
    const n = denominator[i] as number;
    score[i] = ((numerator[i] as number) / n - mu) * Math.sqrt(n * inverseScale);
  }
  return { score, overallMetric: mu, factor: phi };
}

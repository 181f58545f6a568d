import { fisherExactTwoSided, roundHalfEven } from '../math/fisher-exact.js';
import { compensatedSum } from '../math/sum.js';

/** Result of Fisher's exact test of each group against the rest. */
export interface FisherResult {
  /** Two-sided p-value per group (gsm `Score`); NaN where the test is undefined. */
  readonly score: Float64Array;
  /** -1 where the group's proportion is below the rest's, +1 otherwise (gsm v1 `Flag_Fisher`). */
  readonly direction: Float64Array;
  /** The rest's proportion (ΣX - X_i) / (Σn - n_i) (gsm `Prop_Other`). */
  readonly otherMetric: Float64Array;
}

/**
 * Fisher's exact test of each group against all others pooled, as gsm `Analyze_Fisher`: the table
 * [[X_i, n_i - X_i], [ΣX - X_i, (Σn - n_i) - (ΣX - X_i)]], cells rounded half-to-even as R does,
 * two-sided p-value as `fisher.test`. The score is NaN when there is no "rest" (a single group) or a
 * cell is negative (numerator above denominator in the group or in the rest: R refuses such tables).
 */
export function analyzeFisher(numerator: Float64Array, denominator: Float64Array): FisherResult {
  const count = numerator.length;
  const score = new Float64Array(count).fill(NaN);
  const direction = new Float64Array(count).fill(NaN);
  const otherMetric = new Float64Array(count).fill(NaN);
  const totalX = compensatedSum(numerator);
  const totalN = compensatedSum(denominator);
  for (let i = 0; i < count; i++) {
    const x = numerator[i] as number;
    const n = denominator[i] as number;
    const otherX = totalX - x;
    const otherN = totalN - n;
    if (count < 2 || !(otherN > 0)) continue;
    otherMetric[i] = otherX / otherN;
    direction[i] = x / n < otherX / otherN ? -1 : 1;
    const a = roundHalfEven(x);
    const b = roundHalfEven(n - x);
    const c = roundHalfEven(otherX);
    const d = roundHalfEven(otherN - otherX);
    if (a < 0 || b < 0 || c < 0 || d < 0) continue;
    score[i] = fisherExactTwoSided(a, b, c, d);
  }
  return { score, direction, otherMetric };
}

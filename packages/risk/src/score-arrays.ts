import { RiskInputError } from './errors.js';
import { flagByThresholds, flagFisher } from './flag.js';
import type { KriDefinition } from './kri/definition.js';
import { analyzeFisher } from './methods/fisher.js';
import { analyzeIdentity } from './methods/identity.js';
import { analyzeNormalApprox } from './methods/normal-approx.js';
import { analyzePoisson } from './methods/poisson.js';

/** Scores of one KRI over aggregated groups, as parallel typed arrays (NaN = NA). */
export interface ArrayScores {
  /** X_i / n_i. */
  readonly metric: Float64Array;
  /** Score per group; NaN where undefined or where n_i < minN. */
  readonly score: Float64Array;
  /** Flag per group; NaN where the score is NaN or n_i < minN. */
  readonly flag: Float64Array;
  /** Flag before the minN mask (gsm sorts its summary by it). */
  readonly rawFlag: Float64Array;
  /** μ (normal approximation; ΣX/Σn for every method). */
  readonly overallMetric: number;
  /** φ (normal approximation; NaN for other methods). */
  readonly factor: number;
  /** β0 (Poisson; NaN for other methods). */
  readonly intercept: number;
  /** Poisson fitted counts, or the rest's proportion for Fisher; absent otherwise. */
  readonly expected?: Float64Array;
  readonly otherMetric?: Float64Array;
}

/**
 * Scores and flags aggregated groups with the KRI's method. The hot path of the engine: no I/O, no
 * per-group objects. Every denominator must be > 0 (drop zero-exposure groups first, as
 * `scoreTotals` does); throws `RiskInputError` otherwise.
 */
export function scoreArrays(
  numerator: Float64Array,
  denominator: Float64Array,
  kri: KriDefinition,
): ArrayScores {
  const count = numerator.length;
  if (denominator.length !== count) {
    throw new RiskInputError(`numerator has ${count} groups but denominator ${denominator.length}`);
  }
  const metric = new Float64Array(count);
  let sx = 0;
  let sn = 0;
  for (let i = 0; i < count; i++) {
    const x = numerator[i] as number;
    const n = denominator[i] as number;
    if (!(n > 0) || !(x >= 0) || !Number.isFinite(n) || !Number.isFinite(x)) {
      throw new RiskInputError(
        `group ${i + 1}: needs numerator >= 0 and denominator > 0, got ${x}/${n}`,
      );
    }
    metric[i] = x / n;
    sx += x;
    sn += n;
  }

  let score: Float64Array;
  let rawFlag: Float64Array;
  let overallMetric = sx / sn;
  let factor = NaN;
  let intercept = NaN;
  let expected: Float64Array | undefined;
  let otherMetric: Float64Array | undefined;
  switch (kri.method) {
    case 'normal': {
      const r = analyzeNormalApprox(numerator, denominator, kri.type);
      ({ score, overallMetric, factor } = r);
      rawFlag = flagByThresholds(score, kri.thresholds, kri.flags);
      break;
    }
    case 'poisson': {
      const r = analyzePoisson(numerator, denominator);
      ({ score, intercept, expected } = r);
      rawFlag = flagByThresholds(score, kri.thresholds, kri.flags);
      break;
    }
    case 'fisher': {
      const r = analyzeFisher(numerator, denominator);
      ({ score, otherMetric } = r);
      rawFlag = flagFisher(score, r.direction, kri.thresholds);
      break;
    }
    case 'identity':
      score = analyzeIdentity(numerator, denominator);
      rawFlag = flagByThresholds(score, kri.thresholds, kri.flags);
      break;
  }

  // gsm `Summarize`: groups below nMinDenominator keep counting in μ and φ but get no score/flag.
  let flag = rawFlag;
  if (kri.minN > 0) {
    flag = rawFlag.slice();
    for (let i = 0; i < count; i++) {
      if ((denominator[i] as number) < kri.minN) {
        score[i] = NaN;
        flag[i] = NaN;
      }
    }
  }
  return {
    metric,
    score,
    flag,
    rawFlag,
    overallMetric,
    factor,
    intercept,
    ...(expected && { expected }),
    ...(otherMetric && { otherMetric }),
  };
}

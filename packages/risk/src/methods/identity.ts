/**
 * Identity method (gsm `Analyze_Identity`): the score is the metric X_i / n_i itself, compared with
 * absolute thresholds in the metric's unit (e.g. mean data-entry lag in days).
 */
export function analyzeIdentity(numerator: Float64Array, denominator: Float64Array): Float64Array {
  const score = new Float64Array(numerator.length);
  for (let i = 0; i < score.length; i++) {
    score[i] = (numerator[i] as number) / (denominator[i] as number);
  }
  return score;
}

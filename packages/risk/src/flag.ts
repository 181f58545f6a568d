/**
 * Flags from scores. gsm v2.2.3 `Flag`: `cut(score, c(-Inf, thresholds, Inf), right = FALSE)`, i.e.
 * left-closed intervals [t_k, t_k+1): with -3,-2,2,3 a score of exactly -3 flags -1, exactly 2 flags
 * 1. NaN scores get a NaN flag (R's NA). ±Infinity get the outermost flags (R's `cut` would give NA
 * to +Inf; no method here produces infinite scores from valid input).
 */
export function flagByThresholds(
  score: Float64Array,
  thresholds: readonly number[],
  flags: readonly number[],
): Float64Array {
  const out = new Float64Array(score.length);
  const count = thresholds.length;
  const t = Float64Array.from(thresholds);
  const f = Float64Array.from(flags);
  if (count === 4) {
    // The common case (every gsm KRI), unrolled: the interval index is the number of thresholds <= s.
    const [t0, t1, t2, t3] = t as unknown as [number, number, number, number];
    for (let i = 0; i < score.length; i++) {
      const s = score[i] as number;
      // Unary + on the comparisons compiles branch-free; scores near thresholds do not mispredict.
      const k = +(s >= t0) + +(s >= t1) + +(s >= t2) + +(s >= t3);
      out[i] = s === s ? (f[k] as number) : NaN;
    }
    return out;
  }
  for (let i = 0; i < score.length; i++) {
    const s = score[i] as number;
    let k = 0;
    while (k < count && s >= (t[k] as number)) k++;
    out[i] = s === s ? (f[k] as number) : NaN;
  }
  return out;
}

/**
 * Flags of Fisher's test (gsm v1 `Flag_Fisher`): p below the strong cut-off flags ±2, below the
 * moderate one ±1, otherwise 0; the sign is the direction of the group against the rest.
 */
export function flagFisher(
  pValue: Float64Array,
  direction: Float64Array,
  thresholds: readonly number[],
): Float64Array {
  const [strong = 0, moderate = 0] = thresholds;
  const out = new Float64Array(pValue.length);
  for (let i = 0; i < pValue.length; i++) {
    const p = pValue[i] as number;
    const dir = direction[i] as number;
    out[i] = Number.isNaN(p) ? NaN : p < strong ? 2 * dir : p < moderate ? dir : 0;
  }
  return out;
}

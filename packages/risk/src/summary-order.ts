/**
 * Order of gsm's `Summarize` output: by flag (2, -2, 1, -1, 0, then NA), then by |metric|
 * descending, then by score ascending (the order `Analyze_*` left them in), then by group id in
 * code-unit order (dplyr's C-locale `group_by`). Flags outside -2..2 follow the same rule: larger
 * magnitude first, positive before negative. The flag used is the one before the minN mask, as in gsm.
 */
export function summaryOrder(
  metric: Float64Array,
  score: Float64Array,
  flag: Float64Array,
  groupIds?: readonly string[],
): Uint32Array {
  const rank = (f: number): number =>
    Number.isNaN(f) ? Infinity : -2 * Math.abs(f) + (f < 0 ? 1 : 0);
  const order = Uint32Array.from({ length: metric.length }, (_, i) => i);
  return order.sort((a, b) => {
    const byFlag = rank(flag[a] as number) - rank(flag[b] as number);
    if (byFlag !== 0 && !Number.isNaN(byFlag)) return byFlag;
    const byMetric = Math.abs(metric[b] as number) - Math.abs(metric[a] as number);
    if (byMetric !== 0 && !Number.isNaN(byMetric)) return byMetric;
    const sa = score[a] as number;
    const sb = score[b] as number;
    if (sa !== sb) {
      if (Number.isNaN(sa)) return 1;
      if (Number.isNaN(sb)) return -1;
      return sa - sb;
    }
    const ga = groupIds?.[a] ?? '';
    const gb = groupIds?.[b] ?? '';
    return ga < gb ? -1 : ga > gb ? 1 : a - b;
  });
}

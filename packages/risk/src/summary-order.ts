import { orderedHighBits, radixSortByUint32 } from './math/radix-order.js';

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
  const count = metric.length;
  const rank = new Float64Array(count);
  const size = new Float64Array(count);
  const rankKey = new Uint32Array(count);
  const sizeKey = new Uint32Array(count);
  let order: Uint32Array = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const f = flag[i] as number;
    const r = f === f ? -2 * Math.abs(f) + (f < 0 ? 1 : 0) : Infinity;
    rank[i] = r;
    rankKey[i] = orderedHighBits(r);
    const m = Math.abs(metric[i] as number);
    size[i] = m === m ? -m : Infinity;
    sizeKey[i] = orderedHighBits(size[i] as number);
    order[i] = i;
  }
  // Radix passes on 32-bit keys (least significant first, each stable), then exact tie-breaking
  // within the short runs that share both keys.
  order = radixSortByUint32(radixSortByUint32(order, sizeKey), rankKey);
  const compare = (a: number, b: number): number => {
    const ma = size[a] as number;
    const mb = size[b] as number;
    if (ma !== mb) return ma < mb ? -1 : 1;
    const sa = score[a] as number;
    const sb = score[b] as number;
    if (sa !== sb && (sa === sa || sb === sb)) {
      if (sa !== sa) return 1;
      if (sb !== sb) return -1;
      return sa < sb ? -1 : 1;
    }
    const ga = groupIds?.[a] ?? '';
    const gb = groupIds?.[b] ?? '';
    return ga < gb ? -1 : ga > gb ? 1 : a - b;
  };
  for (let start = 0; start < count;) {
    const first = order[start] as number;
    let end = start + 1;
    while (
      end < count &&
      rankKey[order[end] as number] === rankKey[first] &&
      sizeKey[order[end] as number] === sizeKey[first]
    ) {
      end++;
    }
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(compare), start);
    start = end;
  }
  return order;
}

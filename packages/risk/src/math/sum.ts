/**
 * Neumaier-compensated sum. R accumulates `sum()` and `mean()` in long double; compensation gives
 * the same or better accuracy in plain doubles, and makes the result (almost) independent of the
 * order of the groups, which the row-order property tests rely on.
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const t = sum + v;
    carry += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + carry;
}

/** go-zero's expiryDeviation (core/stores/cache/cachenode.go): expiries spread over ±5 %. */
export const EXPIRY_DEVIATION = 0.05;

/**
 * A duration randomised to [1-d, 1+d] × `baseMs` (go-zero core/mathx/unstable.go
 * AroundDuration), so entries cached together do not all expire in the same instant and send a
 * wave of loads to the database (cache avalanche). Never below 1 ms.
 */
export function unstableExpiry(
  baseMs: number,
  deviation = EXPIRY_DEVIATION,
  random: () => number = Math.random,
): number {
  return Math.max(1, Math.round(baseMs * (1 + deviation - 2 * deviation * random())));
}

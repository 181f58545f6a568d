/**
 * Delay before retry number `attempt` (1 = the first retry): `baseMs · 2^(attempt−1)`, capped at
 * `maxMs`, then reduced by up to `jitter` (a fraction) at random so events that failed together
 * do not retry together. Jitter only lowers the delay, so the cap is never exceeded (the same
 * shape as amqplib's reconnect delay and go-zero's core/mathx unstable expiry).
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  options: { jitter?: number; random?: () => number } = {},
): number {
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  // 2^50 already dwarfs any cap; clamping the exponent keeps the product finite.
  const exponent = Math.min(Math.max(attempt, 1) - 1, 50);
  const capped = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(capped * (1 - jitter * random()));
}

/** The un-jittered delay of {@link retryDelayMs}: what a RabbitMQ retry queue's TTL is set to. */
export function retryLevelMs(attempt: number, baseMs: number, maxMs: number): number {
  return retryDelayMs(attempt, baseMs, maxMs, { jitter: 0 });
}

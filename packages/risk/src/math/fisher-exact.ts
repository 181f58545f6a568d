import { logHypergeometricDensity } from './loader.js';

/**
 * R's `fisher.test` counts a table as "at least as extreme" when its probability is at most the
 * observed one times (1 + 1e-7), so that tables tied in exact arithmetic are not lost to rounding.
 */
const RELATIVE_TOLERANCE = 1 + 1e-7;
/** Terms this much below the inclusion threshold change the p-value by less than one ulp. */
const NEGLIGIBLE = 1e-17;

/**
 * Two-sided p-value of Fisher's exact test for the 2x2 table
 * `[[a, b], [c, d]]` (rows: group, rest; columns: event, no event), as R's `fisher.test(x)$p.value`:
 * conditional on the margins the count `a` is hypergeometric, and the p-value is the total
 * probability of the tables no more likely than the observed one.
 *
 * Cells must be non-negative integers (the caller rounds, as R does). Cost is proportional to the
 * number of tables with non-negligible probability (~40 standard deviations), not to the support,
 * because the walk starts at the mode and stops once terms fall below double precision.
 */
export function fisherExactTwoSided(a: number, b: number, c: number, d: number): number {
  const white = a + c; // all events
  const black = b + d; // all non-events
  const drawn = a + b; // the group's total
  const lo = Math.max(0, drawn - black);
  const hi = Math.min(drawn, white);
  if (lo === hi) return 1;

  // Mode of the hypergeometric distribution; every density below is relative to it.
  const mode = Math.min(
    hi,
    Math.max(lo, Math.floor(((drawn + 1) * (white + 1)) / (white + black + 2))),
  );
  const logMode = logHypergeometricDensity(mode, white, black, drawn);
  const observed = Math.exp(logHypergeometricDensity(a, white, black, drawn) - logMode);
  // R sums exp(log d - max log d): an observed table below the underflow limit gives exactly 0.
  if (observed === 0) return 0;
  const threshold = observed * RELATIVE_TOLERANCE;
  const cutoff = Math.min(threshold, 1) * NEGLIGIBLE;

  let total = 1;
  let extreme = 1 <= threshold ? 1 : 0;

  // Upwards: P(x)/P(x-1) = (white-x+1)(drawn-x+1) / (x (black-drawn+x)).
  let r = 1;
  for (let x = mode + 1; x <= hi; x++) {
    r *= ((white - x + 1) * (drawn - x + 1)) / (x * (black - drawn + x));
    total += r;
    if (r <= threshold) extreme += r;
    if (r < cutoff) break;
  }
  // Downwards: P(x-1)/P(x) is the reciprocal of the ratio above.
  r = 1;
  for (let x = mode; x > lo; x--) {
    r *= (x * (black - drawn + x)) / ((white - x + 1) * (drawn - x + 1));
    total += r;
    if (r <= threshold) extreme += r;
    if (r < cutoff) break;
  }
  return Math.max(0, Math.min(1, extreme / total));
}

/** Rounds half to even, as R's `round()` does before `fisher.test` turns cells into integers. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

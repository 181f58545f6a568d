/**
 * Accurate log densities for integer counts, after C. Loader, "Fast and Accurate Computation of
 * Binomial Probabilities" (2000): the density is written as a Stirling-series error term plus a
 * "deviance" term bd0, both computed without the catastrophic cancellation that
 * `lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1)` suffers for large n. R's dbinom/dhyper use the same
 * decomposition, so p-values built on it agree with R's `fisher.test` to ~1e-14 relative.
 */

const LN_2PI = 1.8378770664093456; // log(2π)

/**
 * stirlerr(n) = log(n!) - log(sqrt(2πn) (n/e)^n) for n = 0..15, computed with mpmath at 40 digits
 * (below 16 the asymptotic series is not accurate to double precision), rounded to doubles.
 */
const STIRLERR_SMALL = [
  0.0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
  0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
  0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
  0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

// Stirling series coefficients 1/12, 1/360, 1/1260, 1/1680, 1/1188 (Abramowitz & Stegun 6.1.41).
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** Error of Stirling's approximation to log(n!) for an integer n >= 0. */
export function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n] ?? 0;
  const nn = n * n;
  // Fewer series terms are needed as n grows; each branch is accurate to double precision.
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * bd0(x, np) = x log(x/np) + np - x, the binomial "deviance" term. Near x = np the closed form
 * cancels, so it is summed as the series 2x Σ v^(2j+1)/(2j+1) with v = (x-np)/(x+np).
 */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** log P(X = x) for X ~ Binomial(n, p), q = 1 - p given separately to keep its precision. */
export function logBinomialDensity(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return -Infinity;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/**
 * log P(X = x) for the hypergeometric X: x white balls among `drawn` draws from an urn of `white`
 * white and `black` black balls. Written as a ratio of three binomial densities with p = drawn/total,
 * which keeps every term well conditioned (Loader 2000, section 4).
 */
export function logHypergeometricDensity(
  x: number,
  white: number,
  black: number,
  drawn: number,
): number {
  const total = white + black;
  if (x < 0 || x > white || drawn - x < 0 || drawn - x > black) return -Infinity;
  if (drawn === 0 || drawn === total) return 0;
  const p = drawn / total;
  const q = (total - drawn) / total;
  return (
    logBinomialDensity(x, white, p, q) +
    logBinomialDensity(drawn - x, black, p, q) -
    logBinomialDensity(drawn, total, p, q)
  );
}

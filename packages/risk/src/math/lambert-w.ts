/**
 * Real branches of the Lambert W function (w e^w = z), needed to invert the Poisson deviance
 * residual for funnel-plot bounds (gsm's `Analyze_Poisson_PredictBounds` uses `lamW`).
 * Initial guesses from Corless et al., "On the Lambert W function" (1996), refined by Halley's
 * iteration, which converges cubically; results are accurate to a few ulps.
 */

const INV_E = Math.exp(-1);

function halley(z: number, w0: number): number {
  let w = w0;
  for (let i = 0; i < 64; i++) {
    const ew = Math.exp(w);
    const f = w * ew - z;
    const wp1 = w + 1;
    if (wp1 === 0) return w;
    const step = f / (ew * wp1 - ((w + 2) * f) / (2 * wp1));
    const next = w - step;
    if (!Number.isFinite(next)) return w;
    if (Math.abs(step) <= 1e-15 * (1 + Math.abs(next))) return next;
    w = next;
  }
  return w;
}

/** Principal branch W0(z) for z >= -1/e (W0 >= -1); NaN outside its domain. */
export function lambertW0(z: number): number {
  if (Number.isNaN(z) || z < -INV_E) return NaN;
  if (z === Infinity) return Infinity;
  if (z === 0) return 0;
  if (z === -INV_E) return -1;
  let w: number;
  if (z < -0.25) {
    // Branch-point series in p = sqrt(2(ez + 1)).
    const p = Math.sqrt(2 * (Math.E * z + 1));
    w = -1 + p - (p * p) / 3 + (11 / 72) * p * p * p;
  } else if (z < 3) {
    w = Math.log1p(z) * (1 - Math.log1p(Math.log1p(z)) / (2 + Math.log1p(z)));
  } else {
    const l1 = Math.log(z);
    const l2 = Math.log(l1);
    w = l1 - l2 + l2 / l1;
  }
  return halley(z, w);
}

/** Lower branch W-1(z) for -1/e <= z < 0 (W-1 <= -1); NaN outside its domain. */
export function lambertWm1(z: number): number {
  if (Number.isNaN(z) || z < -INV_E || z >= 0) return NaN;
  if (z === -INV_E) return -1;
  let w: number;
  if (z < -0.25) {
    const p = -Math.sqrt(2 * (Math.E * z + 1));
    w = -1 + p - (p * p) / 3 + (11 / 72) * p * p * p;
  } else {
    // Asymptotic expansion as z -> 0-: W-1(z) ~ L1 - L2 + L2/L1 with L1 = log(-z), L2 = log(-L1).
    const l1 = Math.log(-z);
    const l2 = Math.log(-l1);
    w = l1 - l2 + l2 / l1;
  }
  return halley(z, w);
}

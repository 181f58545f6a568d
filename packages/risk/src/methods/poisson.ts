/** Result of the Poisson model: deviance residuals and what the fit expected. */
export interface PoissonResult {
  /** Deviance residual per group (gsm `Score`). */
  readonly score: Float64Array;
  /** Fitted count n_i · exp(β0) per group (gsm `PredictedCount`). */
  readonly expected: Float64Array;
  /** Fitted intercept β0: log of the overall rate. */
  readonly intercept: number;
  /** IRLS iterations used, and whether R's convergence test was met within 25. */
  readonly iterations: number;
  readonly converged: boolean;
}

/** R's `glm.control()` defaults. */
const EPSILON = 1e-8;
const MAX_ITERATIONS = 25;
/** R's Poisson `linkinv` and `mu.eta` clamp exp(eta) at .Machine$double.eps. */
const MIN_MU = Number.EPSILON;

/** Poisson unit deviance 2(y log(y/μ) - (y - μ)), with y log y = 0 at y = 0. */
function unitDeviance(y: number, mu: number): number {
  return y > 0 ? 2 * (y * Math.log(y / mu) - (y - mu)) : 2 * mu;
}

function totalDeviance(y: Float64Array, mu: Float64Array): number {
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < y.length; i++) {
    const v = unitDeviance(y[i] as number, mu[i] as number);
    const t = sum + v;
    carry += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + carry;
}

/**
 * Poisson GLM with log link and offset log(n): `glm(Numerator ~ offset(log(Denominator)),
 * family = poisson)`, as gsm v2.2.3 `Analyze_Poisson`; score = deviance residual
 * sign(y - μ) sqrt(2(y log(y/μ) - (y - μ))).
 *
 * The maximum-likelihood fit has the closed form μ_i = n_i ΣX/Σn, but R reaches it by iteratively
 * reweighted least squares and stops when |dev - dev_old| / (|dev| + 0.1) < 1e-8, which leaves the
 * intercept up to ~1e-10 from the optimum. To agree with R to ~1e-12 rather than ~1e-8 this
 * replays R's `glm.fit` exactly: start μ = y + 0.1, working response z = η - offset + (y - μ)/μ,
 * weights μ, at most 25 iterations. With an intercept only, the weighted least-squares step is the
 * weighted mean Σμz / Σμ. Groups must have n_i > 0 (log offset).
 */
export function analyzePoisson(numerator: Float64Array, denominator: Float64Array): PoissonResult {
  const count = numerator.length;
  const score = new Float64Array(count);
  const mu = new Float64Array(count);
  if (count === 0) {
    return { score, expected: mu, intercept: NaN, iterations: 0, converged: true };
  }
  const offset = new Float64Array(count);
  const eta = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    offset[i] = Math.log(denominator[i] as number);
    eta[i] = Math.log((numerator[i] as number) + 0.1); // family$initialize: mustart = y + 0.1
    mu[i] = Math.max(Math.exp(eta[i] as number), MIN_MU);
  }
  let devOld = totalDeviance(numerator, mu);
  let intercept = NaN;
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    iterations++;
    // Weighted least squares of z on the intercept column with weights w² = μ'(η)²/V(μ) = μ.
    let swz = 0;
    let cwz = 0;
    let sw = 0;
    let cw = 0;
    for (let i = 0; i < count; i++) {
      // For the log link μ'(η) = exp(η) clamped like μ, so it is μ itself, and the IRLS weight
      // w² = μ'(η)²/V(μ) = μ (R forms sqrt(μ²/μ) and squares it back: the same to an ulp).
      const m = mu[i] as number;
      const z = (eta[i] as number) - (offset[i] as number) + ((numerator[i] as number) - m) / m;
      const w2 = m;
      let v = w2 * z;
      let t = swz + v;
      cwz += Math.abs(swz) >= Math.abs(v) ? swz - t + v : v - t + swz;
      swz = t;
      v = w2;
      t = sw + v;
      cw += Math.abs(sw) >= Math.abs(v) ? sw - t + v : v - t + sw;
      sw = t;
    }
    intercept = (swz + cwz) / (sw + cw);
    for (let i = 0; i < count; i++) {
      eta[i] = intercept + (offset[i] as number);
      mu[i] = Math.max(Math.exp(eta[i] as number), MIN_MU);
    }
    const dev = totalDeviance(numerator, mu);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < EPSILON) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  for (let i = 0; i < count; i++) {
    const y = numerator[i] as number;
    const m = mu[i] as number;
    const d = Math.sqrt(Math.max(unitDeviance(y, m), 0));
    score[i] = y > m ? d : -d;
  }
  return { score, expected: mu, intercept, iterations, converged };
}

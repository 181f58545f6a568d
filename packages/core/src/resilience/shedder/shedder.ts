/**
 * Returned by {@link Shedder.allow}: tell the shedder how the admitted request ended. Call the
 * methods on the object (`admission.pass()`); they are not bound, so that admitting a request
 * allocates one small object and no closures.
 */
export interface ShedderPromise {
  /** The request finished OK; its response time feeds the capacity estimate. */
  pass(): void;
  /** The request finished with an error; only the in-flight count is released. */
  fail(): void;
}

/** A snapshot of a shedder's view of the process, for logs, metrics and health pages. */
export interface ShedderStats {
  /** Current load in per-mille as reported by the {@link LoadProbe}. */
  load: number;
  /** Requests admitted and not yet finished. */
  flying: number;
  /** EWMA of `flying` (beta 0.9), updated when requests finish. */
  avgFlying: number;
  /** Most requests passed in one bucket within the window (at least 1). */
  maxPass: number;
  /** Lowest per-bucket average response time in the window, ms. */
  minRtMs: number;
  /** Concurrency the process is estimated to sustain right now (Little's law × overload factor). */
  maxFlight: number;
  /** True while within the cool-off after a drop. */
  hot: boolean;
  /** Requests dropped since creation. */
  dropped: number;
}

/** Admission control for a server: decides, per request, whether to do the work or shed it. */
export interface Shedder {
  /** Admits a request or throws `AppError('OVERLOADED')` when shedding. */
  allow(): ShedderPromise;
  /** Current figures behind the decision. */
  stats(): ShedderStats;
}

/** Where the shedder reads how busy the process is (go-zero reads CPU usage). */
export interface LoadProbe {
  /** current load in per-mille (0..1000), like go-zero's cpu usage */
  usage(): number;
}

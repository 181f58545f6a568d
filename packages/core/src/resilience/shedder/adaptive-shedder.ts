import { AppError } from '../../errors/index.js';
import { monotonicClock, type Clock } from '../clock.js';
import { RollingWindow, type SumBucket } from '../rolling-window.js';
import { sharedEventLoopLoadProbe } from './load-probe.js';
import type { LoadProbe, Shedder, ShedderPromise, ShedderStats } from './shedder.js';

/** Options of {@link createAdaptiveShedder}; defaults are go-zero's core/load/adaptiveshedder.go. */
export interface AdaptiveShedderOptions {
  /** Length of the pass/response-time history, ms. Default 5000. */
  windowMs?: number;
  /** Buckets in the history (bucket = windowMs / buckets). Default 50 (100 ms buckets). */
  buckets?: number;
  /** Load (per-mille) at or above which the process counts as overloaded. Default 900. */
  cpuThreshold?: number;
  /** Response time assumed while the window has no passes, ms; large so nothing drops. Default 1000. */
  minRtMs?: number;
  /** After a drop, keep shedding for this long even if the load eased, ms. Default 1000. */
  coolOffMs?: number;
  clock?: Clock;
  /** Load source. Default: the shared event-loop probe ({@link createEventLoopLoadProbe}). */
  load?: LoadProbe;
  /** Called on every dropped request (metrics, rate-limited logging). */
  onDrop?: () => void;
}

// EWMA weight of in-flight requests, taken when a request finishes (go-zero flyingBeta).
const FLYING_BETA = 0.9;
const LOAD_MAX = 1000;
// Even under heavy load admit at least 10 % of the estimated capacity (overloadFactorLowerBound).
const OVERLOAD_FACTOR_LOWER_BOUND = 0.1;

/** Where an {@link Admission} reports how its request ended. */
interface AdmissionLedger {
  pass(start: number): void;
  fail(): void;
}

/**
 * One admitted request. A class rather than an object of closures: it is allocated on every
 * request, and one small object with a fixed shape is the least the garbage collector can be
 * given (closures per request made V8 pretenure them, see bench/RESULTS.md).
 */
class Admission implements ShedderPromise {
  private done = false;

  constructor(
    private readonly ledger: AdmissionLedger,
    private readonly start: number,
  ) {}

  pass(): void {
    if (this.done) return;
    this.done = true;
    this.ledger.pass(this.start);
  }

  fail(): void {
    if (this.done) return;
    this.done = true;
    this.ledger.fail();
  }
}

/**
 * go-zero's adaptive load shedder. It estimates the concurrency the process sustains with Little's
 * law — maxFlight = maxPass (per bucket) × minRt (ms) / bucket (ms) — shrinks it by the overload
 * factor (1000 − load) / (1000 − threshold) ∈ [0.1, 1], and drops a request iff the process is
 * overloaded (load ≥ threshold, or a drop happened within the cool-off) AND both the EWMA of
 * in-flight requests and the current in-flight count exceed that estimate.
 */
export function createAdaptiveShedder(o: AdaptiveShedderOptions = {}): Shedder {
  const windowMs = o.windowMs ?? 5000;
  const buckets = o.buckets ?? 50;
  const threshold = o.cpuThreshold ?? 900;
  const defaultMinRt = o.minRtMs ?? 1000;
  const coolOffMs = o.coolOffMs ?? 1000;
  const clock = o.clock ?? monotonicClock;
  const load = o.load ?? sharedEventLoopLoadProbe();
  if (!(threshold >= 0 && threshold < LOAD_MAX)) {
    throw new RangeError('cpuThreshold must be in [0, 1000)');
  }
  const bucketMs = windowMs / buckets;
  // Passes and response times of the bucket being filled are partial: ignore it (go-zero does).
  const passCounter = new RollingWindow<SumBucket>(buckets, bucketMs, {
    clock,
    ignoreCurrent: true,
  });
  const rtCounter = new RollingWindow<SumBucket>(buckets, bucketMs, { clock, ignoreCurrent: true });

  let flying = 0;
  let avgFlying = 0;
  let overloadTime: number | undefined;
  let droppedRecently = false;
  let dropped = 0;

  function addFlying(delta: number): void {
    flying += delta;
    // Only on finish: avgFlying lags `flying`, so a sudden burst is admitted a little longer and a
    // sudden drain keeps shedding a little longer (smoothing, as go-zero explains).
    if (delta < 0) avgFlying = avgFlying * FLYING_BETA + flying * (1 - FLYING_BETA);
  }

  function maxPass(): number {
    let result = 1;
    passCounter.reduce((b) => {
      if (b.sum > result) result = b.sum;
    });
    return result;
  }

  function minRt(): number {
    let result = defaultMinRt;
    rtCounter.reduce((b) => {
      if (b.count <= 0) return;
      const avg = Math.round(b.sum / b.count);
      if (avg < result) result = avg;
    });
    return result;
  }

  function overloadFactor(usage: number): number {
    const factor = (LOAD_MAX - usage) / (LOAD_MAX - threshold);
    return Math.min(1, Math.max(OVERLOAD_FACTOR_LOWER_BOUND, factor));
  }

  // maxPass × minRt / bucket only changes when a bucket completes (the one being filled is
  // ignored), so under overload it is computed once per bucket, not per request.
  let passEpoch = Number.NaN;
  let rtEpoch = Number.NaN;
  let capacity = 1;
  function estimatedCapacity(now: number): number {
    const pe = passCounter.epoch(now);
    const re = rtCounter.epoch(now);
    if (pe !== passEpoch || re !== rtEpoch) {
      passEpoch = pe;
      rtEpoch = re;
      capacity = Math.max(1, (maxPass() * minRt()) / bucketMs);
    }
    return capacity;
  }

  function maxFlight(usage: number, now: number): number {
    return estimatedCapacity(now) * overloadFactor(usage);
  }

  function systemOverloaded(usage: number, now: number): boolean {
    if (usage < threshold) return false;
    overloadTime = now;
    return true;
  }

  function stillHot(now: number): boolean {
    if (!droppedRecently || overloadTime === undefined) return false;
    if (now - overloadTime < coolOffMs) return true;
    droppedRecently = false;
    return false;
  }

  function shouldDrop(now: number): boolean {
    const usage = load.usage();
    if (!systemOverloaded(usage, now) && !stillHot(now)) return false;
    const limit = maxFlight(usage, now);
    return avgFlying > limit && flying > limit;
  }

  // What an admission reports when its request ends; shared by every admission of this shedder.
  const ledger: AdmissionLedger = {
    pass(start) {
      addFlying(-1);
      const now = clock();
      rtCounter.addAt(now, Math.ceil(now - start));
      passCounter.addAt(now, 1);
    },
    fail() {
      addFlying(-1);
    },
  };

  return {
    allow(): ShedderPromise {
      // One clock read per admission (and one per pass): this runs on every request.
      const now = clock();
      if (shouldDrop(now)) {
        droppedRecently = true;
        dropped++;
        o.onDrop?.();
        throw new AppError('OVERLOADED');
      }
      addFlying(1);
      return new Admission(ledger, now);
    },
    stats(): ShedderStats {
      const usage = load.usage();
      const now = clock();
      return {
        load: usage,
        flying,
        avgFlying,
        maxPass: maxPass(),
        minRtMs: minRt(),
        maxFlight: maxFlight(usage, now),
        hot: stillHot(now),
        dropped,
      };
    },
  };
}

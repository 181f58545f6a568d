import { AppError } from '../../errors/index.js';
import { monotonicClock, type Clock } from '../clock.js';
import { RollingWindow, type WindowBucket } from '../rolling-window.js';
import type { Breaker, BreakerPromise, BreakerState } from './breaker.js';

/** Options of {@link createGoogleBreaker}; defaults are go-zero's core/breaker/googlebreaker.go. */
export interface GoogleBreakerOptions {
  /** Length of the request history, ms. Default 10000. */
  windowMs?: number;
  /** Buckets in the history (bucket = windowMs / buckets). Default 40 (250 ms). */
  buckets?: number;
  /** SRE multiplier K: how many requests per accept are tolerated when healthy. Default 1.5. */
  k?: number;
  /** K after every bucket of the window has been failing; K slides towards it. Default 1.1. */
  minK?: number;
  /** Requests always let through per window before anything is dropped. Default 5. */
  protection?: number;
  /** While dropping, let one request through when none passed for this long, ms. Default 1000. */
  forcePassMs?: number;
  clock?: Clock;
  /** Uniform [0, 1) source for the drop decision. Default Math.random. */
  random?: () => number;
}

const SUCCESS = 0;
const FAILURE = 1;
const DROP = 2;
const LAST_ERRORS = 5;

/** Per-bucket outcome counts (go-zero core/breaker/bucket.go). */
class OutcomeBucket implements WindowBucket {
  sum = 0;
  success = 0;
  failure = 0;
  drop = 0;
  add(v: number): void {
    this.sum++;
    if (v === FAILURE) this.failure++;
    else if (v === DROP) this.drop++;
    else this.success++;
  }
  reset(): void {
    this.sum = this.success = this.failure = this.drop = 0;
  }
}

interface WindowResult {
  accepts: number;
  total: number;
  /** Trailing buckets (newest last) with failures and no success. */
  failingBuckets: number;
  /** Trailing buckets with successes and no failure. */
  workingBuckets: number;
}

/**
 * Google SRE client-side throttling (SRE book, "Handling Overload", eq. 21-1) as go-zero refines
 * it: dropRatio = (requests − protection − max(w, minK)·accepts) / (requests + 1), where
 * w = k − (k − minK)·failingBuckets/buckets lowers the tolerance the longer the callee keeps
 * failing; the ratio is then scaled by (buckets − workingBuckets)/buckets so a callee that has
 * recovered in the latest buckets is let through quickly; one request is force-passed when none
 * passed for `forcePassMs`, so recovery is noticed even at a high drop ratio.
 */
export function createGoogleBreaker(name: string, o: GoogleBreakerOptions = {}): Breaker {
  const windowMs = o.windowMs ?? 10_000;
  const buckets = o.buckets ?? 40;
  const k = o.k ?? 1.5;
  const minK = o.minK ?? 1.1;
  const protection = o.protection ?? 5;
  const forcePassMs = o.forcePassMs ?? 1000;
  const clock = o.clock ?? monotonicClock;
  const random = o.random ?? Math.random;
  const stat = new RollingWindow<OutcomeBucket>(buckets, windowMs / buckets, {
    clock,
    newBucket: () => new OutcomeBucket(),
  });
  let lastPass: number | undefined;
  const lastErrors: string[] = [];

  function history(): WindowResult {
    const r: WindowResult = { accepts: 0, total: 0, failingBuckets: 0, workingBuckets: 0 };
    stat.reduce((b) => {
      r.accepts += b.success;
      r.total += b.sum;
      if (b.failure > 0) r.workingBuckets = 0;
      else if (b.success > 0) r.workingBuckets++;
      if (b.success > 0) r.failingBuckets = 0;
      else if (b.failure > 0) r.failingBuckets++;
    });
    return r;
  }

  function rawDropRatio(h: WindowResult): number {
    const w = k - ((k - minK) * h.failingBuckets) / buckets;
    const weightedAccepts = Math.max(w, minK) * h.accepts;
    return (h.total - protection - weightedAccepts) / (h.total + 1);
  }

  function scaled(ratio: number, h: WindowResult): number {
    return (ratio * (buckets - h.workingBuckets)) / buckets;
  }

  function remember(reason: string): void {
    lastErrors.push(reason);
    if (lastErrors.length > LAST_ERRORS) lastErrors.shift();
  }

  /** True when the request may go on; records nothing itself except the pass time. */
  function accept(): boolean {
    const h = history();
    const ratio = rawDropRatio(h);
    if (ratio <= 0) return true;
    const now = clock();
    if (lastPass !== undefined && now - lastPass > forcePassMs) {
      lastPass = now;
      return true;
    }
    if (random() < scaled(ratio, h)) return false;
    lastPass = now;
    return true;
  }

  function admit(): void {
    if (accept()) return;
    stat.add(DROP);
    throw new AppError('UNAVAILABLE', 'circuit breaker is open', {
      // The cause stays server-side (logs); clients see only the catalog code and message.
      cause: new Error(`breaker ${name} is open; last errors: ${lastErrors.join(' | ') || 'none'}`),
    });
  }

  return {
    name,
    allow(): BreakerPromise {
      admit();
      let done = false;
      return {
        accept() {
          if (done) return;
          done = true;
          stat.add(SUCCESS);
        },
        reject(reason?: string) {
          if (done) return;
          done = true;
          if (reason) remember(reason);
          stat.add(FAILURE);
        },
      };
    },
    async do<T>(fn: () => Promise<T>, acceptable?: (err: unknown) => boolean): Promise<T> {
      admit();
      try {
        const value = await fn();
        stat.add(SUCCESS);
        return value;
      } catch (err) {
        if (acceptable?.(err)) {
          stat.add(SUCCESS);
        } else {
          remember(err instanceof Error ? err.message : String(err));
          stat.add(FAILURE);
        }
        throw err;
      }
    },
    state(): BreakerState {
      const h = history();
      const ratio = Math.max(0, scaled(rawDropRatio(h), h));
      return { requests: h.total, accepts: h.accepts, dropRatio: Math.min(1, ratio) };
    },
  };
}

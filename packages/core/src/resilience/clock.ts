import { performance } from 'node:perf_hooks';

/**
 * A source of time in milliseconds, monotonic-ish. Every resilience algorithm takes one so tests
 * drive time by hand instead of sleeping (go-zero uses core/timex the same way).
 */
export type Clock = () => number;

/** The process's monotonic clock (`performance.now()`), immune to wall-clock jumps. */
export const monotonicClock: Clock = () => performance.now();

/** A hand-driven clock for tests: `now()` reads it, `advance(ms)` moves it forward. */
export interface ManualClock {
  readonly now: Clock;
  advance(ms: number): void;
  set(ms: number): void;
}

/** Creates a {@link ManualClock} starting at `startMs`. */
export function createManualClock(startMs = 0): ManualClock {
  let t = startMs;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}

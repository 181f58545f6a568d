import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { LoadProbe } from './shedder.js';

/** Options of {@link createEventLoopLoadProbe}; defaults follow go-zero core/stat/usage.go. */
export interface EventLoopLoadProbeOptions {
  /** Sampling period, ms. Default 250. */
  intervalMs?: number;
  /** EMA weight of the previous value: usage = usage·β + sample·(1−β). Default 0.95 (≈5 s memory). */
  beta?: number;
  /**
   * Also count event-loop delay: a p99 timer lag of this many ms counts as full load (1000), and
   * the probe reports the larger of utilization and delay. Off when undefined.
   */
  delayBudgetMs?: number;
  /** Instant load in per-mille, replacing the event-loop readings (tests, custom signals). */
  sample?: () => number;
}

/** A {@link LoadProbe} that samples on a timer; `stop()` ends the timer, `refresh()` samples now. */
export interface SampledLoadProbe extends LoadProbe {
  stop(): void;
  refresh(): void;
}

const DELAY_RESOLUTION_MS = 10;

/**
 * Load of a Node process, where go-zero reads CPU: the event loop's utilization (share of time it
 * was busy, `performance.eventLoopUtilization`) — the CPU usage of the one thread that serves
 * requests — optionally raised by timer lag (`monitorEventLoopDelay`). Sampled every 250 ms and
 * smoothed with an EMA (β 0.95); the timer is unref'd so it never keeps the process alive.
 */
export function createEventLoopLoadProbe(opts: EventLoopLoadProbeOptions = {}): SampledLoadProbe {
  const intervalMs = opts.intervalMs ?? 250;
  const beta = opts.beta ?? 0.95;
  const delayBudget = opts.delayBudgetMs;
  const histogram =
    delayBudget !== undefined && !opts.sample
      ? monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS })
      : undefined;
  histogram?.enable();
  let last: EventLoopUtilization = performance.eventLoopUtilization();

  function instant(): number {
    if (opts.sample) return opts.sample();
    const now = performance.eventLoopUtilization();
    let value = performance.eventLoopUtilization(now, last).utilization * 1000;
    last = now;
    if (histogram && delayBudget !== undefined) {
      // The histogram records the whole timer interval; subtract the resolution to get the lag.
      const lagMs = Math.max(0, histogram.percentile(99) / 1e6 - DELAY_RESOLUTION_MS);
      histogram.reset();
      value = Math.max(value, Math.min(1000, (lagMs / delayBudget) * 1000));
    }
    return value;
  }

  let usage = 0;
  const refresh = (): void => {
    const sample = Math.min(1000, Math.max(0, instant()));
    usage = usage * beta + sample * (1 - beta);
  };
  const timer = setInterval(refresh, intervalMs);
  timer.unref();

  return {
    usage: () => Math.round(usage),
    refresh,
    stop() {
      clearInterval(timer);
      histogram?.disable();
    },
  };
}

let shared: SampledLoadProbe | undefined;

/** One process-wide event-loop probe, created on first use (go-zero's stat.CpuUsage is global). */
export function sharedEventLoopLoadProbe(): LoadProbe {
  shared ??= createEventLoopLoadProbe();
  return shared;
}

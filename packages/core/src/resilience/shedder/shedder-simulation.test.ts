import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { createAdaptiveShedder } from './adaptive-shedder.js';
import { createNopShedder } from './nop-shedder.js';
import type { Shedder, ShedderPromise } from './shedder.js';

// A processor-sharing server simulated in 1 ms steps on a manual clock: WORKERS units of work per
// ms shared by everything in flight, each request needs WORK units (10 ms alone). Capacity is
// therefore WORKERS / WORK = 1 request per ms; load = in-flight share of the workers, per-mille.
const WORKERS = 10;
const WORK = 10;

interface SimResult {
  completed: number;
  dropped: number;
  maxInFlight: number;
  p99LatencyMs: number;
}

function simulate(make: (load: () => number, clock: () => number) => Shedder): SimResult {
  const clock = createManualClock();
  const active: { left: number; start: number; p: ShedderPromise }[] = [];
  const shedder = make(() => Math.min(1000, (active.length / WORKERS) * 1000), clock.now);
  const latencies: number[] = [];
  let dropped = 0;
  let maxInFlight = 0;
  for (let ms = 0; ms < 4000; ms++) {
    // 1 s at half capacity to learn the healthy figures, then 3 s at twice the capacity.
    const arrivals = ms < 1000 ? ms % 2 : 2;
    for (let i = 0; i < arrivals; i++) {
      try {
        active.push({ left: WORK, start: clock.now(), p: shedder.allow() });
      } catch {
        dropped++;
      }
    }
    maxInFlight = Math.max(maxInFlight, active.length);
    clock.advance(1);
    const share = Math.min(1, WORKERS / Math.max(1, active.length));
    for (let i = active.length - 1; i >= 0; i--) {
      const r = active[i]!;
      r.left -= share;
      if (r.left <= 1e-9) {
        r.p.pass();
        if (r.start >= 1000) latencies.push(clock.now() - r.start);
        active.splice(i, 1);
      }
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    dropped,
    maxInFlight,
    p99LatencyMs: latencies[Math.floor(latencies.length * 0.99)] ?? Infinity,
  };
}

describe('adaptive shedder under simulated overload', () => {
  it('keeps latency bounded and throughput near capacity where no shedding collapses', () => {
    const shed = simulate((load, clock) => createAdaptiveShedder({ clock, load: { usage: load } }));
    const none = simulate(() => createNopShedder());

    // Without shedding the queue grows by 1 request per ms: 3000 in flight, latency in seconds.
    expect(none.maxInFlight).toBeGreaterThan(2500);
    expect(none.p99LatencyMs).toBeGreaterThan(1000);

    // With it, in-flight stays near the 10 the workers can serve and latency near 10 ms, while
    // it still completes close to the capacity of 1 request per ms (3000 in 3 s).
    expect(shed.maxInFlight).toBeLessThanOrEqual(20);
    expect(shed.p99LatencyMs).toBeLessThan(30);
    expect(shed.completed).toBeGreaterThan(2800);
    expect(shed.dropped).toBeGreaterThan(2500); // about half the offered 6000
  });
});

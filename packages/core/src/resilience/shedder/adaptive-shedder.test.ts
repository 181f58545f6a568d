import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../errors/index.js';
import { createManualClock } from '../clock.js';
import { createAdaptiveShedder } from './adaptive-shedder.js';
import { createNopShedder } from './nop-shedder.js';
import type { Shedder, ShedderPromise } from './shedder.js';

const BUCKET = 100; // default 5000 ms / 50 buckets

/** A shedder on a manual clock and a settable load, warmed up so that maxPass 90, minRt 10 ms. */
function warmShedder(onDrop?: () => void) {
  const clock = createManualClock();
  let load = 0;
  const shedder = createAdaptiveShedder({
    clock: clock.now,
    load: { usage: () => load },
    ...(onDrop ? { onDrop } : {}),
  });
  // Buckets 0..8: (k+1)·10 requests each taking 10+k ms, all finished OK.
  for (let k = 0; k < 9; k++) {
    const batch = Array.from({ length: (k + 1) * 10 }, () => shedder.allow());
    clock.advance(10 + k);
    for (const p of batch) p.pass();
    clock.advance(BUCKET - 10 - k);
  }
  // Now at the start of bucket 9; the newest full bucket has 90 passes, the fastest average is 10.
  return {
    clock,
    shedder,
    setLoad(v: number) {
      load = v;
    },
  };
}

/** Admits `n` requests, then finishes `finished` of them with fail() so avgFlying catches up. */
function holdInFlight(shedder: Shedder, n: number, finished: number): ShedderPromise[] {
  const open = Array.from({ length: n }, () => shedder.allow());
  for (const p of open.splice(0, finished)) p.fail();
  return open;
}

function expectDrop(shedder: Shedder): void {
  let caught: unknown;
  try {
    shedder.allow();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('OVERLOADED');
}

describe('createAdaptiveShedder', () => {
  it('estimates capacity with Little’s law: maxPass × minRt / bucket', () => {
    const { shedder } = warmShedder();
    const s = shedder.stats();
    expect(s.maxPass).toBe(90);
    expect(s.minRtMs).toBe(10);
    expect(s.maxFlight).toBe(9); // 90 × 10 ms / 100 ms, overload factor 1 at load 0
    expect(s.flying).toBe(0);
  });

  it('shrinks the estimate by (1000 − load) / (1000 − threshold), never below 10 %', () => {
    const { shedder, setLoad } = warmShedder();
    setLoad(950);
    expect(shedder.stats().maxFlight).toBeCloseTo(4.5);
    setLoad(1000);
    expect(shedder.stats().maxFlight).toBeCloseTo(0.9);
  });

  it('uses the defaults while the window is empty (maxPass 1, minRt 1000 ms)', () => {
    const clock = createManualClock();
    const s = createAdaptiveShedder({ clock: clock.now, load: { usage: () => 0 } }).stats();
    expect(s).toMatchObject({ maxPass: 1, minRtMs: 1000, maxFlight: 10 });
  });

  it('never drops while the load is under the threshold, however many are in flight', () => {
    const { shedder, setLoad } = warmShedder();
    setLoad(899);
    holdInFlight(shedder, 500, 100);
    expect(() => shedder.allow()).not.toThrow();
  });

  it('under load, drops when both avgFlying and flying exceed maxFlight', () => {
    const onDrop = vi.fn();
    const { shedder, setLoad } = warmShedder(onDrop);
    holdInFlight(shedder, 60, 20);
    expect(shedder.stats().avgFlying).toBeGreaterThan(4.5);
    setLoad(950);
    expectDrop(shedder);
    expect(onDrop).toHaveBeenCalledTimes(1);
    expect(shedder.stats()).toMatchObject({ dropped: 1, hot: true, flying: 40 });
  });

  it('under load, admits while no more than maxFlight requests are in flight', () => {
    const { shedder, setLoad } = warmShedder();
    setLoad(950);
    expect(shedder.stats().avgFlying).toBeGreaterThan(4.5); // left over from the warm-up drain
    expect(() => holdInFlight(shedder, 5, 0)).not.toThrow(); // flying 0..4 ≤ 4.5 at each check
    expectDrop(shedder); // flying 5 > 4.5
  });

  it('admits a sudden burst until finished requests raise avgFlying (the EWMA lag)', () => {
    const clock = createManualClock();
    const shedder = createAdaptiveShedder({ clock: clock.now, load: { usage: () => 950 } });
    // Empty window: maxFlight 10 × 0.5 = 5, but avgFlying is still 0 as nothing finished.
    const burst = holdInFlight(shedder, 50, 0);
    expect(shedder.stats().flying).toBe(50);
    for (const p of burst.splice(0, 10)) p.fail();
    expectDrop(shedder);
  });

  it('keeps dropping for the 1 s cool-off after the load eases, then recovers', () => {
    const { shedder, setLoad, clock } = warmShedder();
    holdInFlight(shedder, 60, 20);
    setLoad(950);
    expectDrop(shedder);
    setLoad(100);
    clock.advance(999);
    expectDrop(shedder); // still hot: dropped within 1 s of the last overloaded reading
    clock.advance(2);
    expect(() => shedder.allow().pass()).not.toThrow();
    expect(shedder.stats().hot).toBe(false);
  });

  it('honours a custom cool-off', () => {
    const clock = createManualClock();
    let load = 950;
    const shedder = createAdaptiveShedder({
      clock: clock.now,
      load: { usage: () => load },
      coolOffMs: 200,
    });
    holdInFlight(shedder, 60, 20); // empty window → maxFlight 10 × 0.5 = 5
    expectDrop(shedder);
    load = 0;
    clock.advance(150);
    expectDrop(shedder);
    clock.advance(60);
    expect(() => shedder.allow()).not.toThrow();
  });

  it('admits again under load once in-flight requests drain below maxFlight', () => {
    const { shedder, setLoad } = warmShedder();
    const open = holdInFlight(shedder, 60, 20);
    setLoad(950);
    expectDrop(shedder);
    while (open.length > 4) open.pop()?.fail();
    expect(() => shedder.allow()).not.toThrow();
  });

  it('counts each promise once, even if pass/fail are called twice', () => {
    const clock = createManualClock();
    const shedder = createAdaptiveShedder({ clock: clock.now, load: { usage: () => 0 } });
    const p = shedder.allow();
    p.pass();
    p.pass();
    p.fail();
    expect(shedder.stats().flying).toBe(0);
  });

  it('rejects a threshold outside [0, 1000)', () => {
    expect(() => createAdaptiveShedder({ cpuThreshold: 1000, load: { usage: () => 0 } })).toThrow(
      RangeError,
    );
  });
});

describe('createNopShedder', () => {
  it('admits everything', () => {
    const s = createNopShedder();
    for (let i = 0; i < 1000; i++) s.allow();
    expect(s.stats().dropped).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { RollingWindow, type SumBucket } from './rolling-window.js';

const INTERVAL = 50;

function sums(w: RollingWindow<SumBucket>): number[] {
  const out: number[] = [];
  w.reduce((b) => out.push(b.sum));
  return out;
}

describe('RollingWindow', () => {
  it('rejects a size below 1 and a non-positive interval', () => {
    expect(() => new RollingWindow(0, INTERVAL)).toThrow(RangeError);
    expect(() => new RollingWindow(3, 0)).toThrow(RangeError);
  });

  it('adds to the current bucket and rolls over as time passes (oldest first)', () => {
    const clock = createManualClock();
    const w = new RollingWindow(3, INTERVAL, clock.now);
    expect(sums(w)).toEqual([0, 0, 0]);
    w.add(1);
    expect(sums(w)).toEqual([0, 0, 1]);
    clock.advance(INTERVAL);
    w.add(2);
    w.add(3);
    expect(sums(w)).toEqual([0, 1, 5]);
    clock.advance(INTERVAL);
    w.add(4);
    w.add(5);
    w.add(6);
    expect(sums(w)).toEqual([1, 5, 15]);
    clock.advance(INTERVAL);
    w.add(7);
    expect(sums(w)).toEqual([5, 15, 7]);
  });

  it('addAt files a value under the time the caller read, as add does under the clock', () => {
    const clock = createManualClock();
    const byClock = new RollingWindow(3, INTERVAL, clock.now);
    const byTime = new RollingWindow(3, INTERVAL, clock.now);
    for (const [at, v] of [
      [10, 1],
      [60, 2],
      [149, 3],
      [151, 4],
    ] as const) {
      clock.set(at);
      byClock.add(v);
      byTime.addAt(at, v);
    }
    expect(sums(byTime)).toEqual([2, 3, 4]);
    expect(sums(byTime)).toEqual(sums(byClock));
    expect(byTime.epoch(151)).toBe(3);
    expect(byTime.epoch()).toBe(3);
  });

  it('files a time just before the current bucket under it, without expiring the window', () => {
    const clock = createManualClock();
    const w = new RollingWindow(3, INTERVAL, clock.now);
    w.addAt(10, 1);
    w.addAt(60, 2);
    w.addAt(110, 3);
    // A reading taken a moment before the bucket that began at 100 was opened.
    w.addAt(99, 4);
    clock.set(110);
    expect(sums(w)).toEqual([1, 2, 7]);
  });

  it('with ignoreCurrent leaves out the partial bucket and drops expired ones', () => {
    const clock = createManualClock();
    const w = new RollingWindow<SumBucket>(3, INTERVAL, { clock: clock.now, ignoreCurrent: true });
    w.add(1);
    expect(sums(w)).toEqual([0, 0]);
    clock.advance(INTERVAL);
    expect(sums(w)).toEqual([0, 1]);
    clock.advance(INTERVAL);
    expect(sums(w)).toEqual([1]);
    clock.advance(INTERVAL);
    expect(sums(w)).toEqual([]);
    // A gap longer than the whole window clears everything.
    w.add(1);
    clock.advance(INTERVAL * 10);
    expect(sums(w)).toEqual([]);
  });

  it('reduces over the window with and without the current bucket', () => {
    for (const [ignoreCurrent, expected] of [
      [false, 10],
      [true, 4],
    ] as const) {
      const clock = createManualClock();
      const w = new RollingWindow<SumBucket>(4, INTERVAL, { clock: clock.now, ignoreCurrent });
      for (let x = 0; x < 4; x++) {
        for (let i = 0; i <= x; i++) w.add(i);
        if (x < 3) clock.advance(INTERVAL);
      }
      let total = 0;
      w.reduce((b) => (total += b.sum));
      expect(total).toBe(expected);
    }
  });

  it('aligns bucket edges to the interval, not to the time of the last add', () => {
    const clock = createManualClock();
    const w = new RollingWindow(3, 30, clock.now);
    w.add(1);
    clock.advance(45); // into the 2nd bucket, which started at 30
    w.add(2);
    w.add(3);
    expect(sums(w)).toEqual([0, 1, 5]);
    clock.advance(20); // t=65: the 3rd bucket began at 60 even though only 20 ms passed
    w.add(4);
    w.add(5);
    w.add(6);
    expect(sums(w)).toEqual([1, 5, 15]);
    clock.advance(100); // t=165: the whole window expired
    w.add(7);
    w.add(8);
    w.add(9);
    expect(sums(w)).toEqual([0, 0, 24]);
  });

  it('accepts a custom bucket type', () => {
    const clock = createManualClock();
    class MaxBucket {
      max = 0;
      add(v: number): void {
        this.max = Math.max(this.max, v);
      }
      reset(): void {
        this.max = 0;
      }
    }
    const w = new RollingWindow<MaxBucket>(2, INTERVAL, {
      clock: clock.now,
      newBucket: () => new MaxBucket(),
    });
    w.add(3);
    w.add(9);
    w.add(4);
    const maxes: number[] = [];
    w.reduce((b) => maxes.push(b.max));
    expect(maxes).toEqual([0, 9]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../clock.js';
import { DeadlineQueue } from './deadline-queue.js';

// Fake timers drive the one timer; a manual clock moved in step gives the queue its time.
let clock: ReturnType<typeof createManualClock>;
async function advance(ms: number) {
  clock.advance(ms);
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  clock = createManualClock(1000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('DeadlineQueue', () => {
  it('expires each entry after ms, in order, on one timer', async () => {
    const q = new DeadlineQueue(100, clock.now);
    const fired: string[] = [];
    q.add(() => fired.push('a'));
    await advance(30);
    q.add(() => fired.push('b'));
    expect(vi.getTimerCount()).toBe(1);
    await advance(69);
    expect(fired).toEqual([]);
    await advance(1);
    expect(fired).toEqual(['a']);
    await advance(29);
    expect(fired).toEqual(['a']);
    await advance(1);
    expect(fired).toEqual(['a', 'b']);
    expect(q.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never calls a cancelled entry, and cancelling twice or late is harmless', async () => {
    const q = new DeadlineQueue(50, clock.now);
    const fired: number[] = [];
    const tickets = [1, 2, 3].map((n) => q.add(() => fired.push(n)));
    q.cancel(tickets[0]!);
    q.cancel(tickets[2]!);
    q.cancel(tickets[2]!);
    await advance(50);
    expect(fired).toEqual([2]);
    q.cancel(tickets[1]!);
    expect(q.pending).toBe(0);
  });

  it('keeps tickets valid across compaction of thousands of finished entries', async () => {
    const q = new DeadlineQueue(10, clock.now);
    for (let i = 0; i < 5000; i++) q.cancel(q.add(() => undefined));
    await advance(10);
    let fired = 0;
    const keep = q.add(() => fired++);
    const drop = q.add(() => fired++);
    q.cancel(drop);
    expect(q.pending).toBe(1);
    await advance(10);
    expect(fired).toBe(1);
    q.cancel(keep);
  });

  it('holds about as many slots as operations in flight when they end in order', () => {
    const q = new DeadlineQueue(3000, clock.now);
    const inFlight: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      inFlight.push(q.add(() => undefined));
      if (inFlight.length > 50) q.cancel(inFlight.shift()!);
    }
    expect(q.pending).toBe(50);
    expect(q.retained).toBe(50);
    // One out of order: the slots behind it stay until it ends, then all go at once.
    const slow = q.add(() => undefined);
    for (const ticket of inFlight.splice(0)) q.cancel(ticket);
    for (let i = 0; i < 100; i++) q.cancel(q.add(() => undefined));
    expect(q.retained).toBe(101);
    q.cancel(slow);
    expect(q.retained).toBe(0);
    expect(q.pending).toBe(0);
  });

  it('keeps expiry order and tickets when it grows while wrapped around', async () => {
    const q = new DeadlineQueue(100, clock.now);
    const fired: number[] = [];
    // Move the ring's start off zero, then hold more entries than its first capacity.
    for (let i = 0; i < 40; i++) q.cancel(q.add(() => undefined));
    const tickets = Array.from({ length: 300 }, (_, n) => q.add(() => fired.push(n)));
    for (const n of [0, 7, 150, 299]) q.cancel(tickets[n]!);
    expect(q.pending).toBe(296);
    await advance(100);
    expect(fired).toEqual(
      Array.from({ length: 300 }, (_, n) => n).filter((n) => ![0, 7, 150, 299].includes(n)),
    );
    expect(q.retained).toBe(0);
    q.cancel(tickets[5]!); // expired already: ignored
    expect(q.pending).toBe(0);
  });

  it('re-arms for the next live entry even when an expiring callback throws', async () => {
    const q = new DeadlineQueue(20, clock.now);
    let second = false;
    q.add(() => {
      throw new Error('boom');
    });
    await advance(5);
    q.add(() => (second = true));
    await expect(advance(15)).rejects.toThrow('boom');
    await advance(5);
    expect(second).toBe(true);
  });

  it('refuses a duration that is not positive and finite', () => {
    expect(() => new DeadlineQueue(0)).toThrow(RangeError);
    expect(() => new DeadlineQueue(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../errors/index.js';
import { createManualClock } from '../clock.js';
import type { Breaker } from './breaker.js';
import { createGoogleBreaker, type GoogleBreakerOptions } from './google-breaker.js';

const BUCKET = 10; // windowMs 100 / 10 buckets, as go-zero's googlebreaker_test.go

function setup(opts: GoogleBreakerOptions = {}) {
  const clock = createManualClock();
  // Default: (almost) never drop, so outcomes can be recorded exactly; tests lower it to drop.
  let r = 0.9999;
  const breaker = createGoogleBreaker('users-rpc', {
    windowMs: 100,
    buckets: 10,
    clock: clock.now,
    random: () => r,
    ...opts,
  });
  return {
    clock,
    breaker,
    /** Fixes the value the next random() calls return. */
    setRandom(v: number) {
      r = v;
    },
  };
}

/** Records outcomes through allow(); a request the breaker drops is simply not recorded. */
function record(b: Breaker, successes: number, failures: number): void {
  for (let i = 0; i < successes; i++) b.allow().accept();
  for (let i = 0; i < failures; i++) b.allow().reject('boom');
}

function dropped(b: Breaker): AppError | undefined {
  try {
    b.allow().accept();
    return undefined;
  } catch (err) {
    return err as AppError;
  }
}

describe('createGoogleBreaker', () => {
  it('stays closed while calls succeed', () => {
    const { breaker, setRandom } = setup();
    record(breaker, 200, 0);
    setRandom(0); // would drop whenever the ratio is > 0
    expect(breaker.state()).toEqual({ requests: 200, accepts: 200, dropRatio: 0 });
    expect(dropped(breaker)).toBeUndefined();
  });

  it('lets `protection` requests through even when every one fails', () => {
    const { breaker, setRandom } = setup();
    setRandom(0);
    record(breaker, 0, 5);
    expect(breaker.state().dropRatio).toBe(0); // (5 − 5 − 0) / 6
    expect(dropped(breaker)).toBeUndefined(); // the 6th is still let through and accepted
    breaker.allow().reject();
    // (7 − 5 − 1.5·1) / 8 > 0: from here on requests are dropped.
    expect(breaker.state().dropRatio).toBeCloseTo(0.5 / 8, 12);
    expect(dropped(breaker)).toBeInstanceOf(AppError);
  });

  it('computes the SRE ratio (requests − protection − K·accepts) / (requests + 1)', () => {
    const { breaker, setRandom } = setup();
    record(breaker, 10, 90);
    // One bucket with successes: failingBuckets 0 → K = 1.5; it has failures → workingBuckets 0.
    expect(breaker.state()).toEqual({ requests: 100, accepts: 10, dropRatio: 80 / 101 });
    setRandom(0.79);
    const err = dropped(breaker);
    expect(err).toBeInstanceOf(AppError);
    expect(err?.code).toBe('UNAVAILABLE');
    expect(err?.message).toBe('circuit breaker is open');
    expect(breaker.state().requests).toBe(101); // the drop is counted too
    setRandom(0.8);
    expect(dropped(breaker)).toBeUndefined();
  });

  it('lowers K towards minK as buckets keep failing', () => {
    const { breaker, clock } = setup();
    record(breaker, 100, 0);
    for (let i = 0; i < 9; i++) {
      clock.advance(BUCKET);
      record(breaker, 0, 10);
    }
    // 9 trailing failing buckets: w = 1.5 − 0.4 · 9/10 = 1.14.
    expect(breaker.state().dropRatio).toBeCloseTo((190 - 5 - 1.14 * 100) / 191, 12);
  });

  it('scales the ratio down by the trailing working buckets so recovery is quick', () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 5; i++) {
      record(breaker, 0, 100);
      clock.advance(BUCKET);
    }
    for (let i = 0; i < 3; i++) {
      record(breaker, 2, 0);
      clock.advance(BUCKET);
    }
    clock.advance(-BUCKET); // stay inside the last bucket written
    const raw = (506 - 5 - 1.5 * 6) / 507;
    expect(breaker.state().dropRatio).toBeCloseTo((raw * 7) / 10, 12);
  });

  it('recovers once successes outweigh the failures in the window', () => {
    // go-zero TestGoogleBreakerRecover: 10 failing buckets, then 10 succeeding ones.
    const { breaker, clock, setRandom } = setup({ windowMs: 200, buckets: 20 });
    for (let i = 0; i < 10; i++) {
      record(breaker, 0, 100);
      clock.advance(BUCKET);
    }
    expect(breaker.state().dropRatio).toBeGreaterThan(0.9);
    for (let i = 0; i < 10; i++) {
      record(breaker, 100, 0);
      clock.advance(BUCKET);
    }
    clock.advance(-1);
    // (2000 − 5 − 1.5·1000) / 2001 ≈ 0.247, halved by 10 working buckets of 20 ≈ 0.124.
    expect(breaker.state().dropRatio).toBeCloseTo((495 / 2001) * 0.5, 12);
    setRandom(0.2); // would be dropped at the unscaled 0.247
    expect(dropped(breaker)).toBeUndefined();
  });

  it('force-passes one request when none passed for forcePassMs while open', () => {
    const { breaker, clock, setRandom } = setup({ windowMs: 10_000, buckets: 40 });
    record(breaker, 0, 50);
    setRandom(0.999);
    expect(dropped(breaker)).toBeUndefined(); // passes on the dice, sets lastPass
    setRandom(0);
    expect(dropped(breaker)).toBeInstanceOf(AppError);
    clock.advance(1000);
    expect(dropped(breaker)).toBeInstanceOf(AppError); // not more than 1 s yet
    clock.advance(1);
    expect(dropped(breaker)).toBeUndefined(); // forced through
    expect(dropped(breaker)).toBeInstanceOf(AppError); // and only one
  });

  it('keeps the last failure reasons in the cause of the open error', () => {
    const { breaker, setRandom } = setup();
    record(breaker, 0, 20);
    setRandom(0);
    const err = dropped(breaker);
    expect(String((err?.cause as Error).message)).toContain('breaker users-rpc is open');
    expect(String((err?.cause as Error).message)).toContain('boom');
  });

  it('counts each promise once', () => {
    const { breaker } = setup();
    const p = breaker.allow();
    p.accept();
    p.reject();
    expect(breaker.state()).toMatchObject({ requests: 1, accepts: 1 });
  });

  describe('do', () => {
    it('returns the value and counts a success', async () => {
      const { breaker } = setup();
      await expect(breaker.do(() => Promise.resolve(7))).resolves.toBe(7);
      expect(breaker.state()).toMatchObject({ requests: 1, accepts: 1 });
    });

    it('rethrows and counts a failure, unless acceptable says the error is fine', async () => {
      const { breaker } = setup();
      const notFound = new AppError('NOT_FOUND');
      await expect(breaker.do(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
      expect(breaker.state()).toMatchObject({ requests: 1, accepts: 0 });
      await expect(
        breaker.do(
          () => Promise.reject(notFound),
          (err) => err instanceof AppError && err.code === 'NOT_FOUND',
        ),
      ).rejects.toBe(notFound);
      expect(breaker.state()).toMatchObject({ requests: 2, accepts: 1 });
    });

    it('counts a synchronous throw as a failure', async () => {
      const { breaker } = setup();
      await expect(
        breaker.do(() => {
          throw new Error('sync');
        }),
      ).rejects.toThrow('sync');
      expect(breaker.state()).toMatchObject({ requests: 1, accepts: 0 });
    });

    it('does not call fn when the breaker drops the request', async () => {
      const { breaker, setRandom } = setup();
      record(breaker, 0, 20);
      setRandom(0);
      const fn = vi.fn(() => Promise.resolve(1));
      await expect(breaker.do(fn)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(fn).not.toHaveBeenCalled();
    });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../errors/index.js';
import { withTimeout } from './with-timeout.js';

const timeoutError = () => new AppError('TIMEOUT');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('withTimeout', () => {
  it('resolves with the task when it finishes in time, leaving no timer behind', async () => {
    const p = withTimeout(Promise.resolve('ok'), 1000, timeoutError);
    await expect(p).resolves.toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the task’s own rejection through', async () => {
    const boom = new Error('boom');
    await expect(withTimeout(Promise.reject(boom), 1000, timeoutError)).rejects.toBe(boom);
  });

  it('rejects with onTimeout() after ms and aborts the task’s signal', async () => {
    let seen: AbortSignal | undefined;
    const p = withTimeout(
      (signal) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      },
      500,
      timeoutError,
    );
    const settled = expect(p).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(499);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(AppError);
  });

  it('fails at once without starting the work when the deadline has passed', async () => {
    const task = vi.fn(() => Promise.resolve(1));
    await expect(withTimeout(task, 0, timeoutError)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(task).not.toHaveBeenCalled();
  });

  it('follows the parent signal: an AppError reason is kept, anything else becomes CANCELLED', async () => {
    const parent = new AbortController();
    const p = withTimeout(
      () => new Promise<never>(() => undefined),
      10_000,
      timeoutError,
      parent.signal,
    );
    parent.abort(new AppError('TIMEOUT', 'caller deadline'));
    await expect(p).rejects.toMatchObject({ code: 'TIMEOUT', message: 'caller deadline' });

    const other = new AbortController();
    other.abort('client went away');
    const q = withTimeout(Promise.resolve(1), 10_000, timeoutError, other.signal);
    await expect(q).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never times out with Infinity', async () => {
    const p = withTimeout(Promise.resolve(3), Infinity, timeoutError);
    expect(vi.getTimerCount()).toBe(0);
    await expect(p).resolves.toBe(3);
  });

  it('turns a synchronous throw of the task function into a rejection', async () => {
    const err = new Error('sync');
    const p = withTimeout(
      () => {
        throw err;
      },
      100,
      timeoutError,
    );
    await expect(p).rejects.toBe(err);
  });
});

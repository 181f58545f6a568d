import { describe, expect, it } from 'vitest';
import { currentAuthorization, currentDeadline, remainingMs, runWithDeadline } from './deadline.js';

describe('call scope (deadline and authorization)', () => {
  it('is empty outside a request', () => {
    expect(currentDeadline()).toBeUndefined();
    expect(remainingMs()).toBeUndefined();
    expect(currentAuthorization()).toBeUndefined();
  });

  it('survives awaits inside the scope', async () => {
    const seen = await runWithDeadline(1000, async () => {
      await Promise.resolve();
      return currentDeadline();
    });
    expect(seen).toBe(1000);
  });

  it('only ever shortens the deadline when scopes nest', () => {
    runWithDeadline(1000, () => {
      expect(runWithDeadline(5000, () => currentDeadline())).toBe(1000);
      expect(runWithDeadline(500, () => currentDeadline())).toBe(500);
      expect(runWithDeadline(undefined, () => currentDeadline())).toBe(1000);
      expect(remainingMs(400)).toBe(600);
    });
  });

  it('keeps the outer authorization unless the inner scope sets one', () => {
    runWithDeadline(
      undefined,
      () => {
        expect(runWithDeadline(10, () => currentAuthorization())).toBe('Bearer a');
        expect(
          runWithDeadline(10, () => currentAuthorization(), { authorization: 'Bearer b' }),
        ).toBe('Bearer b');
      },
      { authorization: 'Bearer a' },
    );
  });
});

import { isAppError } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('keyset cursor', () => {
  it('round-trips an id and is URL-safe', () => {
    const cursor = encodeCursor('P-S01-040');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe('P-S01-040');
  });

  it('rejects cursors it did not issue with VALIDATION_FAILED', () => {
    for (const bad of ['', 'P-S01-040', Buffer.from("p1:x' or 1=1").toString('base64url')]) {
      try {
        decodeCursor(bad);
        expect.unreachable(`accepted ${bad}`);
      } catch (err) {
        expect(isAppError(err) && err.code).toBe('VALIDATION_FAILED');
      }
    }
  });
});

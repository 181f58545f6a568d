import { AppError } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { checkNewPassword, createArgon2Hasher, DEMO_PASSWORD } from './password.js';

const hasher = createArgon2Hasher({ memoryCostKiB: 4096, timeCost: 1 });

describe('argon2id password hasher', () => {
  it('hashes to a salted argon2id PHC string that verifies only the right password', async () => {
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(a, 'correct horse batterY')).toBe(false);
  });

  it('verifies hashes made with other costs (parameters travel in the hash)', async () => {
    const stronger = createArgon2Hasher({ memoryCostKiB: 8192, timeCost: 2 });
    expect(await hasher.verify(await stronger.hash('pw-1234567'), 'pw-1234567')).toBe(true);
  });

  it('answers false, not an exception, for a malformed hash', async () => {
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
    expect(await hasher.verify('', '')).toBe(false);
  });
});

describe('new password rules', () => {
  const rules = { minLength: 10, allowDemo: false };
  const reasonOf = (pw: string, r = rules) => {
    try {
      checkNewPassword(pw, r);
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION_FAILED');
      return (err as AppError).details?.[0];
    }
  };

  it('accepts a long enough password', () => {
    expect(reasonOf('0123456789')).toBeUndefined();
  });

  it('rejects short and overlong passwords, naming the field', () => {
    expect(reasonOf('012345678')).toEqual({
      field: 'password',
      reason: 'must have at least 10 characters',
    });
    expect(reasonOf('x'.repeat(257))?.reason).toBe('must have at most 256 characters');
  });

  it('refuses the published demo password outside embedded mode only', () => {
    expect(reasonOf(DEMO_PASSWORD)?.reason).toBe('is the published demo password');
    expect(reasonOf(DEMO_PASSWORD, { minLength: 10, allowDemo: true })).toBeUndefined();
  });
});

import { hash, verify } from '@node-rs/argon2';
import { AppError } from '@vigil/core';

/** Hashes and checks passwords; the stored form is a self-describing PHC string. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed hash (never throws on bad input). */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

/** argon2id cost settings (RFC 9106; OWASP's minimum is 19 MiB, 2 passes, 1 lane). */
export interface Argon2Options {
  memoryCostKiB: number;
  timeCost: number;
}

/**
 * argon2id via @node-rs/argon2 (Rust, off the event loop on libuv's pool). Verification reads
 * the parameters from the hash, so raising the cost later leaves old hashes valid.
 */
export function createArgon2Hasher(options: Argon2Options): PasswordHasher {
  // @node-rs/argon2 defaults to argon2id (its Algorithm enum is `const`, unusable here).
  const params = { memoryCost: options.memoryCostKiB, timeCost: options.timeCost, parallelism: 1 };
  return {
    hash: (password) => hash(password, params),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
  };
}

/** Longest password accepted: hashing cost must not be an attacker's lever. */
export const MAX_PASSWORD_LENGTH = 256;

/** The demo password `vigil seed demo` gives its users; refused outside embedded mode. */
export const DEMO_PASSWORD = 'vigil-demo';

/**
 * Checks a new password: length bounds and, outside embedded mode, not the published demo
 * password. Throws `VALIDATION_FAILED` naming the `password` field.
 */
export function checkNewPassword(
  password: string,
  rules: { minLength: number; allowDemo: boolean },
): void {
  const reason =
    password.length < rules.minLength
      ? `must have at least ${rules.minLength} characters`
      : password.length > MAX_PASSWORD_LENGTH
        ? `must have at most ${MAX_PASSWORD_LENGTH} characters`
        : !rules.allowDemo && password === DEMO_PASSWORD
          ? 'is the published demo password'
          : undefined;
  if (reason) {
    throw new AppError('VALIDATION_FAILED', `password ${reason}`, {
      details: [{ field: 'password', reason }],
    });
  }
}

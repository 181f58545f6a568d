import { AppError, type Clock } from '@vigil/core';
import type { Logger } from 'pino';
import {
  clearLoginAttempts,
  lockIfExhausted,
  reserveLoginAttempt,
} from '../model/login-throttle-model.js';
import type { IdentityDatabase } from '../model/schema.js';
import { usernameKey } from './tokens.js';

/** Lockout policy: `maxFailures` failed logins within `windowMs` lock the username for `lockMs`. */
export interface LockoutOptions {
  database: IdentityDatabase;
  logger: Logger;
  /** Wall clock, epoch ms. */
  now: Clock;
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Per-username lockout against password guessing. It counts usernames, existing or not, so an
 * attacker sees the same 401s and the same 423 either way and learns nothing about who exists.
 */
export interface Lockout {
  /** Counts an attempt before the password is checked; throws `ACCOUNT_LOCKED` when locked. */
  begin(normalizedUsername: string): Promise<void>;
  /** The attempt failed: lock once the window's attempts are used up. */
  failed(normalizedUsername: string): Promise<void>;
  /** The attempt succeeded: forget the counter. */
  succeeded(normalizedUsername: string): Promise<void>;
}

/** Creates the lockout policy over the `identity_login_throttle` table. */
export function createLockout(options: LockoutOptions): Lockout {
  const { database } = options;
  return {
    async begin(username) {
      const now = options.now();
      const reservation = await reserveLoginAttempt(database, usernameKey(username), {
        maxFailures: options.maxFailures,
        windowMs: options.windowMs,
        now: new Date(now),
      });
      if (!reservation.allowed) {
        const retryAfterSec = Math.max(1, Math.ceil((reservation.until.getTime() - now) / 1000));
        throw new AppError('ACCOUNT_LOCKED', undefined, {
          headers: { 'retry-after': String(retryAfterSec) },
        });
      }
    },
    async failed(username) {
      const key = usernameKey(username);
      const until = new Date(options.now() + options.lockMs);
      if (await lockIfExhausted(database, key, options.maxFailures, until)) {
        // The key is a hash: the log names no username (it may be a mistyped password).
        options.logger.warn({ usernameKey: key.slice(0, 12), until }, 'login locked');
      }
    },
    async succeeded(username) {
      await clearLoginAttempts(database, usernameKey(username));
    },
  };
}

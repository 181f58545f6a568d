import type { Clock } from '@vigil/core';
import type { Logger } from 'pino';
import type { IdentityConfig, VigilMode } from '../identity-config.js';
import { deleteExpiredRefreshTokens } from '../model/refresh-token-model.js';
import { deleteStaleLoginThrottles } from '../model/login-throttle-model.js';
import type { IdentityDatabase } from '../model/schema.js';
import { assertNoDemoUsers } from './demo-policy.js';
import { parseEncryptionKey } from './key-encryption.js';
import { createKeyRing, type KeyRing } from './key-ring.js';
import { createLockout } from './lockout.js';
import { createArgon2Hasher, type PasswordHasher } from './password.js';
import { createSessions, type Sessions } from './sessions.js';
import { createUserAdmin, type UserAdmin } from './user-admin.js';

/** Everything identity's logic calls, built once by the service context. */
export interface Identity {
  readonly sessions: Sessions;
  readonly admin: UserAdmin;
  readonly keyRing: KeyRing;
  readonly hasher: PasswordHasher;
  /** One housekeeping pass: reread keys, rotate when due, delete expired rows. */
  maintain(): Promise<void>;
  /** Runs {@link Identity.maintain} every `Identity.SigningKey.RefreshIntervalSec` until `stop`. */
  startMaintenance(): { stop(): void };
}

/** What {@link createIdentity} needs. */
export interface IdentityOptions {
  config: IdentityConfig;
  mode: VigilMode;
  database: IdentityDatabase;
  logger: Logger;
  /** Wall clock, epoch ms (tests drive it). */
  now?: Clock;
}

/**
 * Builds identity's domain over a migrated database: key ring loaded (first key created),
 * production guard checked. Throws `CONFIG_INVALID` for demo users in production mode.
 */
export async function createIdentity(options: IdentityOptions): Promise<Identity> {
  const { config, database, logger } = options;
  const now = options.now ?? Date.now;
  const allowDemo = options.mode === 'embedded';
  if (!allowDemo) await assertNoDemoUsers(database);
  const hasher = createArgon2Hasher({
    memoryCostKiB: config.Password.MemoryCostKiB,
    timeCost: config.Password.TimeCost,
  });
  const keyRing = createKeyRing({
    database,
    logger,
    now,
    algorithm: config.SigningKey.Algorithm,
    activationDelayMs: config.SigningKey.ActivationDelaySec * 1000,
    rotateAfterMs: config.SigningKey.RotateAfterDays * 86_400_000,
    accessTokenTtlMs: config.AccessTokenTtlSec * 1000,
    refreshIntervalMs: config.SigningKey.RefreshIntervalSec * 1000,
    encryptionKey: parseEncryptionKey(config.SigningKey.EncryptionKey),
  });
  await keyRing.init();
  const lockout = createLockout({
    database,
    logger,
    now,
    maxFailures: config.Lockout.MaxFailures,
    windowMs: config.Lockout.WindowSec * 1000,
    lockMs: config.Lockout.LockSec * 1000,
  });
  const sessions = createSessions({
    database,
    logger,
    now,
    hasher,
    keyRing,
    lockout,
    issuer: config.Issuer,
    audience: config.Audience,
    accessTokenTtlSec: config.AccessTokenTtlSec,
    refreshTokenTtlSec: config.RefreshTokenTtlSec,
    sessionMaxAgeSec: config.SessionMaxAgeSec,
    allowDemo,
  });
  const admin = createUserAdmin({
    database,
    logger,
    now,
    hasher,
    passwordMinLength: config.Password.MinLength,
    allowDemo,
  });

  async function maintain(): Promise<void> {
    await keyRing.maintain();
    const at = new Date(now());
    await deleteExpiredRefreshTokens(database.db, at);
    const stale = new Date(
      at.getTime() - Math.max(config.Lockout.WindowSec, config.Lockout.LockSec) * 1000,
    );
    await deleteStaleLoginThrottles(database, stale);
  }

  return {
    sessions,
    admin,
    keyRing,
    hasher,
    maintain,
    startMaintenance() {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        maintain()
          .catch((err: unknown) => logger.warn({ err }, 'identity housekeeping failed'))
          .finally(() => (running = false));
      }, config.SigningKey.RefreshIntervalSec * 1000);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}

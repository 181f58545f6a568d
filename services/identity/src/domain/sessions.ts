import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, type Clock } from '@vigil/core';
import type { Logger } from 'pino';
import {
  findRefreshToken,
  insertRefreshToken,
  revokeFamily,
  spendRefreshToken,
} from '../model/refresh-token-model.js';
import type { IdentityDatabase } from '../model/schema.js';
import { findUserById, findUserByUsername, type UserRecord } from '../model/user-model.js';
import type { KeyRing } from './key-ring.js';
import type { Lockout } from './lockout.js';
import { DEMO_PASSWORD, MAX_PASSWORD_LENGTH, type PasswordHasher } from './password.js';
import { hashRefreshToken, newRefreshToken, signAccessToken } from './tokens.js';
import { normalizeUsername } from './user-rules.js';
import { toUserView, type UserView } from './user-view.js';

/** Login and refresh answer (`TokenResp` in identity.api). */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Access token lifetime, s. */
  expiresIn: number;
  /** Refresh token lifetime, s. */
  refreshExpiresIn: number;
  tokenType: 'Bearer';
  user: UserView;
}

/** What {@link createSessions} needs. */
export interface SessionsOptions {
  database: IdentityDatabase;
  logger: Logger;
  /** Wall clock, epoch ms. */
  now: Clock;
  hasher: PasswordHasher;
  keyRing: KeyRing;
  lockout: Lockout;
  issuer: string;
  audience?: string | undefined;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  sessionMaxAgeSec: number;
  /** Embedded mode accepts the demo password and demo users; production refuses both. */
  allowDemo: boolean;
}

/** Login, refresh-token rotation, logout. */
export interface Sessions {
  login(username: string, password: string): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Ends the refresh token's session (its family); unknown tokens are ignored. */
  logout(refreshToken: string): Promise<void>;
  /** The current state of a token's subject; `UNAUTHENTICATED` if the user is gone or disabled. */
  me(userId: string): Promise<UserView>;
}

const invalidLogin = () => new AppError('UNAUTHENTICATED', 'invalid username or password');
const invalidRefresh = () => new AppError('UNAUTHENTICATED', 'The refresh token is invalid');

/** Creates the session logic. */
export function createSessions(options: SessionsOptions): Sessions {
  const { database, hasher, lockout, logger } = options;
  // An unknown username is checked against this hash, so it costs what a known one costs and
  // response timing does not reveal who has an account.
  const dummyHash = hasher.hash(randomBytes(18).toString('base64url'));

  function usable(user: UserRecord | undefined): user is UserRecord {
    return user !== undefined && !user.disabled && (options.allowDemo || !user.isDemo);
  }

  async function issue(
    user: UserRecord,
    family: { id: string; expiresAt: Date },
    store: (token: Parameters<typeof insertRefreshToken>[1]) => Promise<void>,
  ): Promise<{ refreshToken: string; refreshExpiresIn: number }> {
    const now = options.now();
    const refreshToken = newRefreshToken();
    const expiresAt = Math.min(now + options.refreshTokenTtlSec * 1000, family.expiresAt.getTime());
    await store({
      id: randomUUID(),
      tokenHash: hashRefreshToken(refreshToken),
      familyId: family.id,
      userId: user.id,
      issuedAt: new Date(now),
      expiresAt: new Date(expiresAt),
      familyExpiresAt: family.expiresAt,
    });
    return { refreshToken, refreshExpiresIn: Math.floor((expiresAt - now) / 1000) };
  }

  async function pair(
    user: UserRecord,
    refresh: { refreshToken: string; refreshExpiresIn: number },
  ): Promise<TokenPair> {
    const accessToken = await signAccessToken(
      await options.keyRing.signer(),
      {
        sub: user.id,
        username: user.username,
        roles: user.roles,
        sites: user.sites,
        patientId: user.patientId,
      },
      {
        issuer: options.issuer,
        audience: options.audience,
        ttlSec: options.accessTokenTtlSec,
        nowMs: options.now(),
      },
    );
    return {
      accessToken,
      ...refresh,
      expiresIn: options.accessTokenTtlSec,
      tokenType: 'Bearer',
      user: toUserView(user),
    };
  }

  return {
    async login(rawUsername, password) {
      const username = normalizeUsername(rawUsername);
      await lockout.begin(username);
      // Stored usernames are 3-64 characters: anything else cannot match (and skips the query).
      const plausible = username.length >= 3 && username.length <= 64;
      const user = plausible ? await findUserByUsername(database.db, username) : undefined;
      // Always one argon2 verification, whatever the outcome will be (timing).
      const checked = password.length <= MAX_PASSWORD_LENGTH ? password : '';
      const matches = await hasher.verify(user?.passwordHash ?? (await dummyHash), checked);
      const demoRefused = !options.allowDemo && password === DEMO_PASSWORD;
      if (!matches || !usable(user) || demoRefused || checked !== password) {
        await lockout.failed(username);
        throw invalidLogin();
      }
      await lockout.succeeded(username);
      const family = {
        id: randomUUID(),
        expiresAt: new Date(options.now() + options.sessionMaxAgeSec * 1000),
      };
      const refresh = await issue(user, family, (t) => insertRefreshToken(database.db, t));
      logger.info({ userId: user.id, family: family.id }, 'login');
      return pair(user, refresh);
    },

    async refresh(refreshToken) {
      const tokenHash = hashRefreshToken(refreshToken);
      const now = new Date(options.now());
      // Spend the old token and store its successor atomically: a failure leaves the old one live.
      const rotated = await database.transaction(async (trx) => {
        if (!(await spendRefreshToken(trx, tokenHash, now))) return undefined;
        const spent = (await findRefreshToken(trx, tokenHash))!;
        const user = await findUserById(trx, spent.userId);
        if (!usable(user)) {
          await revokeFamily(trx, spent.familyId, now);
          return null;
        }
        const family = { id: spent.familyId, expiresAt: spent.familyExpiresAt };
        return { user, next: await issue(user, family, (t) => insertRefreshToken(trx, t)) };
      });
      if (rotated) return pair(rotated.user, rotated.next);
      if (rotated === undefined) {
        const known = await findRefreshToken(database.db, tokenHash);
        if (known?.usedAt && !known.revokedAt) {
          // A spent token came back: one of the two holders is not the user (RFC 9700
          // §4.14.2). End the session for both.
          await revokeFamily(database.db, known.familyId, now);
          logger.warn(
            { userId: known.userId, family: known.familyId },
            'refresh token reuse: session revoked',
          );
        }
      }
      throw invalidRefresh();
    },

    async logout(refreshToken) {
      const known = await findRefreshToken(database.db, hashRefreshToken(refreshToken));
      if (known && (await revokeFamily(database.db, known.familyId, new Date(options.now())))) {
        logger.info({ userId: known.userId, family: known.familyId }, 'logout');
      }
    },

    async me(userId) {
      const user = await findUserById(database.db, userId);
      if (!usable(user)) throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
      return toUserView(user);
    },
  };
}

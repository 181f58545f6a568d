import { randomUUID } from 'node:crypto';
import { AppError } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIdentityTestDb, testTargets, type TestServer } from '../testing/test-databases.js';
import {
  clearLoginAttempts,
  deleteStaleLoginThrottles,
  lockIfExhausted,
  reserveLoginAttempt,
} from './login-throttle-model.js';
import {
  deleteExpiredRefreshTokens,
  findRefreshToken,
  insertRefreshToken,
  revokeFamily,
  revokeUserTokens,
  spendRefreshToken,
} from './refresh-token-model.js';
import type { IdentityDatabase } from './schema.js';
import { deleteSigningKeys, insertSigningKey, listSigningKeys } from './signing-key-model.js';
import {
  countDemoUsers,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  replaceRoles,
  replaceSites,
  updatePasswordHash,
} from './user-model.js';

const MIN = 60_000;
const t0 = new Date('2026-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

async function newUser(database: IdentityDatabase, username: string, extra = {}) {
  const id = randomUUID();
  await insertUser(database, {
    id,
    username,
    passwordHash: '$argon2id$fake',
    roles: ['investigator'],
    sites: ['S01'],
    now: t0,
    ...extra,
  });
  return id;
}

for (const [label, open] of await testTargets()) {
  describe.skipIf(!open)(`identity model on ${label}`, () => {
    let server: TestServer;
    let database: IdentityDatabase;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      server = await open!();
      ({ database, cleanup } = await openIdentityTestDb(server));
    });
    afterAll(async () => {
      await cleanup?.();
      await server?.close();
    });

    it('stores a user with roles and sites and finds it by username and id', async () => {
      const id = await newUser(database, 'inv-a', {
        roles: ['investigator', 'coordinator'],
        sites: ['S02', 'S01'],
        patientId: undefined,
      });
      const byName = await findUserByUsername(database.db, 'inv-a');
      expect(byName).toEqual({
        id,
        username: 'inv-a',
        passwordHash: '$argon2id$fake',
        patientId: undefined,
        isDemo: false,
        disabled: false,
        roles: ['coordinator', 'investigator'],
        sites: ['S01', 'S02'],
      });
      expect(await findUserById(database.db, id)).toEqual(byName);
      expect(await findUserByUsername(database.db, 'nobody')).toBeUndefined();
    });

    it('rejects a duplicate username with CONFLICT and stores nothing of it', async () => {
      await newUser(database, 'dup');
      const err = await newUser(database, 'dup', { roles: ['admin'] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('CONFLICT');
      const found = await findUserByUsername(database.db, 'dup');
      expect(found?.roles).toEqual(['investigator']);
    });

    it('replaces sites and roles, and reports a missing user', async () => {
      const id = await newUser(database, 'swap');
      expect(await replaceSites(database, id, ['S03', 'S04'], at(MIN))).toBe(true);
      expect(await replaceRoles(database, id, ['monitor'], at(MIN))).toBe(true);
      const user = await findUserById(database.db, id);
      expect(user?.sites).toEqual(['S03', 'S04']);
      expect(user?.roles).toEqual(['monitor']);
      expect(await replaceSites(database, randomUUID(), ['S01'], at(MIN))).toBe(false);
      expect(await replaceRoles(database, randomUUID(), [], at(MIN))).toBe(false);
    });

    it('counts demo users and clears the marker with a new password', async () => {
      const before = await countDemoUsers(database.db);
      const id = await newUser(database, 'demo-x', { isDemo: true });
      expect(await countDemoUsers(database.db)).toBe(before + 1);
      expect(await updatePasswordHash(database.db, id, '$argon2id$new', at(MIN))).toBe(true);
      expect(await countDemoUsers(database.db)).toBe(before);
      expect((await findUserById(database.db, id))?.passwordHash).toBe('$argon2id$new');
    });

    it('pages users by username with a total', async () => {
      const { users, total } = await listUsers(database.db, { offset: 0, limit: 2 });
      expect(users).toHaveLength(2);
      expect(total).toBeGreaterThanOrEqual(4);
      expect(users.map((u) => u.username)).toEqual([...users.map((u) => u.username)].sort());
    });

    it('spends a refresh token exactly once, even under concurrency', async () => {
      const userId = await newUser(database, 'rt-user');
      const familyId = randomUUID();
      const token = {
        id: randomUUID(),
        tokenHash: 'a'.repeat(64),
        familyId,
        userId,
        issuedAt: t0,
        expiresAt: at(60 * MIN),
        familyExpiresAt: at(600 * MIN),
      };
      await insertRefreshToken(database.db, token);
      const wins = await Promise.all(
        Array.from({ length: 5 }, () => spendRefreshToken(database.db, token.tokenHash, at(MIN))),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      const stored = await findRefreshToken(database.db, token.tokenHash);
      expect(stored?.usedAt).toEqual(at(MIN));
      expect(stored?.familyId).toBe(familyId);
    });

    it('refuses expired tokens and revokes a family and a user', async () => {
      const userId = await newUser(database, 'rt-fam');
      const familyId = randomUUID();
      const make = (c: string, expiresAt: Date) => ({
        id: randomUUID(),
        tokenHash: c.repeat(64),
        familyId,
        userId,
        issuedAt: t0,
        expiresAt,
        familyExpiresAt: at(600 * MIN),
      });
      await insertRefreshToken(database.db, make('b', at(MIN)));
      await insertRefreshToken(database.db, make('c', at(60 * MIN)));
      await insertRefreshToken(database.db, make('d', at(60 * MIN)));
      expect(await spendRefreshToken(database.db, 'b'.repeat(64), at(2 * MIN))).toBe(false);
      expect(await revokeFamily(database.db, familyId, at(3 * MIN))).toBe(3);
      expect(await revokeFamily(database.db, familyId, at(4 * MIN))).toBe(0);
      expect(await spendRefreshToken(database.db, 'c'.repeat(64), at(5 * MIN))).toBe(false);
      expect((await findRefreshToken(database.db, 'c'.repeat(64)))?.revokedAt).toEqual(at(3 * MIN));

      await insertRefreshToken(database.db, { ...make('e', at(60 * MIN)), familyId: randomUUID() });
      expect(await revokeUserTokens(database.db, userId, at(6 * MIN))).toBe(1);
      expect(await deleteExpiredRefreshTokens(database.db, at(601 * MIN))).toBeGreaterThanOrEqual(
        4,
      );
      expect(await findRefreshToken(database.db, 'e'.repeat(64))).toBeUndefined();
    });

    it('throttles login attempts: 5 per window, lock, no extension, reset after', async () => {
      const key = 'f'.repeat(64);
      const limits = (now: Date) => ({ maxFailures: 5, windowMs: 15 * MIN, now });
      // Parallel burst: exactly 5 reservations succeed.
      const burst = await Promise.all(
        Array.from({ length: 8 }, () => reserveLoginAttempt(database, key, limits(t0))),
      );
      expect(burst.filter((r) => r.allowed)).toHaveLength(5);
      const refused = burst.find((r) => !r.allowed);
      expect(refused).toEqual({ allowed: false, until: at(15 * MIN) });
      expect(await lockIfExhausted(database, key, 5, at(MIN + 15 * MIN))).toBe(true);
      expect(await lockIfExhausted(database, key, 5, at(2 * MIN + 15 * MIN))).toBe(false);
      expect(await reserveLoginAttempt(database, key, limits(at(10 * MIN)))).toEqual({
        allowed: false,
        until: at(16 * MIN),
      });
      // The lock ends on time and counting starts afresh.
      expect(await reserveLoginAttempt(database, key, limits(at(16 * MIN)))).toEqual({
        allowed: true,
      });
      await clearLoginAttempts(database, key);
      expect(await deleteStaleLoginThrottles(database, at(100 * MIN))).toBe(0);
    });

    it('forgets failures of a passed window and deletes stale counters', async () => {
      const key = 'e'.repeat(64);
      const limits = (now: Date) => ({ maxFailures: 2, windowMs: 15 * MIN, now });
      expect((await reserveLoginAttempt(database, key, limits(t0))).allowed).toBe(true);
      expect((await reserveLoginAttempt(database, key, limits(at(MIN)))).allowed).toBe(true);
      expect((await reserveLoginAttempt(database, key, limits(at(2 * MIN)))).allowed).toBe(false);
      expect((await reserveLoginAttempt(database, key, limits(at(15 * MIN)))).allowed).toBe(true);
      expect(await deleteStaleLoginThrottles(database, at(16 * MIN))).toBe(1);
    });

    it('lists signing keys newest activation first and deletes by kid', async () => {
      const key = (kid: string, activatesAt: Date) => ({
        kid,
        alg: 'EdDSA',
        publicJwk: `{"kid":"${kid}"}`,
        privateKey: 'plain:{}',
        createdAt: t0,
        activatesAt,
      });
      await insertSigningKey(database.db, key('k1', t0));
      await insertSigningKey(database.db, key('k3', at(MIN)));
      await insertSigningKey(database.db, key('k2', at(MIN)));
      const listed = await listSigningKeys(database.db);
      expect(listed.map((k) => k.kid)).toEqual(['k3', 'k2', 'k1']);
      expect(listed[2]).toEqual(key('k1', t0));
      expect(await deleteSigningKeys(database.db, ['k1', 'k2', 'nope'])).toBe(2);
      expect(await deleteSigningKeys(database.db, [])).toBe(0);
      expect((await listSigningKeys(database.db)).map((k) => k.kid)).toEqual(['k3']);
    });
  });
}

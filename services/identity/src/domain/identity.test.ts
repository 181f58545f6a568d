import { Value } from '@sinclair/typebox/value';
import { AppError, createManualClock, type AuthClaims, type ManualClock } from '@vigil/core';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityConfigSchema, type IdentityConfig } from '../identity-config.js';
import { findRefreshToken } from '../model/refresh-token-model.js';
import type { IdentityDatabase } from '../model/schema.js';
import { seedIdentityDemo } from '../seed.js';
import { openIdentityTestDb, testTargets, type TestServer } from '../testing/test-databases.js';
import { purgeDemoUsers } from './demo-policy.js';
import { createIdentity, type Identity } from './identity.js';
import { createLockout } from './lockout.js';
import { DEMO_PASSWORD } from './password.js';
import { createSessions } from './sessions.js';
import { hashRefreshToken } from './tokens.js';

const MIN = 60_000;
const logger = pino({ level: 'silent' });

function testConfig(overrides: Record<string, unknown> = {}): IdentityConfig {
  return Value.Default(IdentityConfigSchema, {
    Password: { MemoryCostKiB: 4096, TimeCost: 1 },
    ...overrides,
  }) as IdentityConfig;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

const adminClaims: AuthClaims = { sub: 'root', roles: ['admin'], sites: [], claims: {} };

for (const [label, open] of await testTargets()) {
  describe.skipIf(!open)(`identity domain on ${label}`, () => {
    let server: TestServer;
    let database: IdentityDatabase;
    let cleanup: () => Promise<void>;
    let clock: ManualClock;
    let identity: Identity;

    async function verify(token: string) {
      const jwks = createLocalJWKSet(await identity.keyRing.jwks());
      return jwtVerify(token, jwks, {
        currentDate: new Date(clock.now()),
        issuer: 'vigil-identity',
      });
    }

    beforeAll(async () => {
      server = await open!();
      ({ database, cleanup } = await openIdentityTestDb(server));
      clock = createManualClock(Date.now());
      await seedIdentityDemo(database, { patientId: 'P-S01-001' });
      identity = await createIdentity({
        config: testConfig(),
        mode: 'embedded',
        database,
        logger,
        now: clock.now,
      });
    });
    afterAll(async () => {
      await cleanup?.();
      await server?.close();
    });

    it('seeds the demo users once, with their roles, sites and patient link', async () => {
      const again = await seedIdentityDemo(database, { patientId: 'P-S01-001' });
      expect(again).toEqual({
        created: [],
        existing: ['admin', 'monitor', 'investigator', 'coordinator', 'patient'],
      });
      const { users } = await identity.admin.list(adminClaims, { page: 1, pageSize: 10 });
      expect(users.map((u) => [u.username, u.roles, u.sites, u.patientId])).toEqual([
        ['admin', ['admin'], [], undefined],
        ['coordinator', ['coordinator'], ['S02'], undefined],
        ['investigator', ['investigator'], ['S01'], undefined],
        ['monitor', ['monitor'], [], undefined],
        ['patient', ['patient'], ['S01'], 'P-S01-001'],
      ]);
    });

    it('logs in and issues a signed access token with the agreed claims', async () => {
      const pair = await identity.sessions.login('Investigator', DEMO_PASSWORD);
      expect(pair.user).toMatchObject({ username: 'investigator', roles: ['investigator'] });
      expect(pair.expiresIn).toBe(900);
      expect(pair.refreshExpiresIn).toBe(7 * 24 * 3600);
      expect(pair.refreshToken).toMatch(/^vrt_[A-Za-z0-9_-]{43}$/);
      const { payload, protectedHeader } = await verify(pair.accessToken);
      expect(protectedHeader.alg).toBe('EdDSA');
      expect(payload).toMatchObject({
        sub: pair.user.id,
        roles: ['investigator'],
        sites: ['S01'],
        name: 'investigator',
        typ: 'access',
        iss: 'vigil-identity',
      });
      expect(payload.exp! - payload.iat!).toBe(900);
      expect(payload).not.toHaveProperty('patientId');
      const patient = await identity.sessions.login('patient', DEMO_PASSWORD);
      expect((await verify(patient.accessToken)).payload.patientId).toBe('P-S01-001');
      // Only the hash of a refresh token is stored.
      const stored = await findRefreshToken(database.db, hashRefreshToken(pair.refreshToken));
      expect(stored?.userId).toBe(pair.user.id);
    });

    it('answers a wrong password and an unknown user with the same 401', async () => {
      const wrong = await identity.sessions.login('monitor', 'not-the-password').catch((e) => e);
      const unknown = await identity.sessions.login('ghost', 'not-the-password').catch((e) => e);
      for (const err of [wrong, unknown]) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('UNAUTHENTICATED');
        expect((err as AppError).message).toBe('invalid username or password');
      }
    });

    it('spends one argon2 verification per login whether or not the user exists', async () => {
      let verifications = 0;
      const counting = {
        hash: (pw: string) => identity.hasher.hash(pw),
        verify: (h: string, pw: string) => {
          verifications++;
          return identity.hasher.verify(h, pw);
        },
      };
      const lockout = createLockout({
        database,
        logger,
        now: clock.now,
        maxFailures: 100,
        windowMs: MIN,
        lockMs: MIN,
      });
      const sessions = createSessions({
        database,
        logger,
        now: clock.now,
        hasher: counting,
        keyRing: identity.keyRing,
        lockout,
        issuer: 'vigil-identity',
        accessTokenTtlSec: 900,
        refreshTokenTtlSec: 3600,
        sessionMaxAgeSec: 7200,
        allowDemo: true,
      });
      for (const [username, password] of [
        ['ghost', 'whatever-pw'],
        ['monitor', 'whatever-pw'],
        ['monitor', DEMO_PASSWORD],
        ['', ''],
        ['monitor', 'x'.repeat(10_000)],
      ]) {
        await sessions.login(username!, password!).catch(() => undefined);
      }
      expect(verifications).toBe(5);
    });

    it('locks a username after 5 failures in the window, existing or not, then unlocks', async () => {
      for (const username of ['coordinator', 'nobody-here']) {
        for (let i = 0; i < 5; i++) {
          expect(await codeOf(identity.sessions.login(username, `guess-${i}`))).toBe(
            'UNAUTHENTICATED',
          );
          clock.advance(MIN);
        }
        // Locked since the 5th failure, a minute ago: even the right password is refused.
        const locked = await identity.sessions.login(username, DEMO_PASSWORD).catch((e) => e);
        expect((locked as AppError).code).toBe('ACCOUNT_LOCKED');
        expect(Number((locked as AppError).headers?.['retry-after'])).toBe(14 * 60);
      }
      clock.advance(15 * MIN);
      expect((await identity.sessions.login('coordinator', DEMO_PASSWORD)).user.username).toBe(
        'coordinator',
      );
    });

    it('forgets failures after a successful login and failures older than the window', async () => {
      for (let i = 0; i < 4; i++) await codeOf(identity.sessions.login('monitor', 'bad-guess'));
      await identity.sessions.login('monitor', DEMO_PASSWORD);
      for (let i = 0; i < 4; i++) await codeOf(identity.sessions.login('monitor', 'bad-guess'));
      clock.advance(16 * MIN);
      for (let i = 0; i < 4; i++) await codeOf(identity.sessions.login('monitor', 'bad-guess'));
      expect((await identity.sessions.login('monitor', DEMO_PASSWORD)).user.username).toBe(
        'monitor',
      );
    });

    it('rotates refresh tokens and revokes the family when a spent one comes back', async () => {
      const first = await identity.sessions.login('admin', DEMO_PASSWORD);
      clock.advance(MIN);
      const second = await identity.sessions.refresh(first.refreshToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.user.username).toBe('admin');
      expect((await verify(second.accessToken)).payload.sub).toBe(first.user.id);
      const third = await identity.sessions.refresh(second.refreshToken);
      // The stolen copy of `first` is replayed: 401, and the live `third` dies with it.
      expect(await codeOf(identity.sessions.refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
      expect(await codeOf(identity.sessions.refresh(third.refreshToken))).toBe('UNAUTHENTICATED');
      // Another session of the same user is untouched.
      const other = await identity.sessions.login('admin', DEMO_PASSWORD);
      expect((await identity.sessions.refresh(other.refreshToken)).user.username).toBe('admin');
    });

    it('lets one of two concurrent refreshes win; the loser counts as reuse', async () => {
      const pair = await identity.sessions.login('admin', DEMO_PASSWORD);
      const results = await Promise.allSettled([
        identity.sessions.refresh(pair.refreshToken),
        identity.sessions.refresh(pair.refreshToken),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('ends a session on logout and at its absolute age', async () => {
      const pair = await identity.sessions.login('admin', DEMO_PASSWORD);
      await identity.sessions.logout(pair.refreshToken);
      await identity.sessions.logout(pair.refreshToken); // idempotent
      await identity.sessions.logout('vrt_unknown');
      expect(await codeOf(identity.sessions.refresh(pair.refreshToken))).toBe('UNAUTHENTICATED');

      let token = (await identity.sessions.login('admin', DEMO_PASSWORD)).refreshToken;
      for (let day = 0; day < 29; day++) {
        clock.advance(24 * 60 * MIN);
        const next = await identity.sessions.refresh(token);
        expect(next.refreshExpiresIn).toBeLessThanOrEqual(7 * 24 * 3600);
        token = next.refreshToken;
      }
      clock.advance(24 * 60 * MIN + 1);
      expect(await codeOf(identity.sessions.refresh(token))).toBe('UNAUTHENTICATED');
    });

    it('publishes a rotated key before it signs and keeps the old one while its tokens live', async () => {
      const before = await identity.sessions.login('admin', DEMO_PASSWORD);
      const oldKid = decodeProtectedHeader(before.accessToken).kid;
      const rotated = await identity.keyRing.rotate();
      expect(rotated.previousKid).toBe(oldKid);
      expect((await identity.keyRing.rotate()).kid).toBe(rotated.kid); // pending: no second key
      const kids = async () => (await identity.keyRing.jwks()).keys.map((k) => k.kid);
      expect(await kids()).toEqual([rotated.kid, oldKid]);
      // Still signing with the old key during the activation delay (60 s).
      const during = await identity.sessions.login('admin', DEMO_PASSWORD);
      expect(decodeProtectedHeader(during.accessToken).kid).toBe(oldKid);
      clock.advance(MIN);
      const after = await identity.sessions.login('admin', DEMO_PASSWORD);
      expect(decodeProtectedHeader(after.accessToken).kid).toBe(rotated.kid);
      await verify(before.accessToken);
      await verify(after.accessToken);
      // Old key: published for the access TTL + refresh interval + skew, then deleted.
      clock.advance(15 * MIN);
      await identity.maintain();
      expect(await kids()).toEqual([rotated.kid, oldKid]);
      clock.advance(2 * MIN);
      await identity.maintain();
      expect(await kids()).toEqual([rotated.kid]);
    });

    it('rotates automatically once the signing key reaches its age', async () => {
      const [kid] = (await identity.keyRing.jwks()).keys.map((k) => k.kid);
      clock.advance(30 * 24 * 60 * MIN);
      await identity.maintain();
      const keys = (await identity.keyRing.jwks()).keys.map((k) => k.kid);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(kid);
    });

    it('manages users as admin only, and a new password ends the sessions', async () => {
      const monitor: AuthClaims = { sub: 'm', roles: ['monitor'], sites: [], claims: {} };
      expect(await codeOf(identity.admin.list(monitor, { page: 1, pageSize: 5 }))).toBe(
        'FORBIDDEN',
      );
      expect(await codeOf(identity.admin.get(undefined, 'x'))).toBe('UNAUTHENTICATED');
      const created = await identity.admin.create(adminClaims, {
        username: 'Inv.S03',
        password: 'a-good-password',
        roles: ['investigator'],
        sites: ['S03'],
      });
      expect(created).toMatchObject({
        username: 'inv.s03',
        roles: ['investigator'],
        sites: ['S03'],
      });
      expect(
        await codeOf(
          identity.admin.create(adminClaims, {
            username: 'inv.s03',
            password: 'a-good-password',
            roles: ['investigator'],
          }),
        ),
      ).toBe('CONFLICT');
      expect(await codeOf(identity.admin.get(adminClaims, 'no-such-id'))).toBe('NOT_FOUND');
      expect((await identity.admin.assignSites(adminClaims, created.id, ['S04'])).sites).toEqual([
        'S04',
      ]);
      expect(
        (await identity.admin.setRoles(adminClaims, created.id, ['coordinator'])).roles,
      ).toEqual(['coordinator']);
      const session = await identity.sessions.login('inv.s03', 'a-good-password');
      await identity.admin.setPassword(adminClaims, created.id, 'another-password');
      expect(await codeOf(identity.sessions.refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
      expect(await codeOf(identity.sessions.login('inv.s03', 'a-good-password'))).toBe(
        'UNAUTHENTICATED',
      );
      expect((await identity.sessions.me(created.id)).sites).toEqual(['S04']);
    });

    it('refuses to start in production while demo users exist, and refuses the demo password', async () => {
      const production = { config: testConfig(), mode: 'production' as const, database, logger };
      expect(await codeOf(createIdentity(production))).toBe('CONFIG_INVALID');
      expect(await purgeDemoUsers(database)).toBe(5);
      const prod = await createIdentity({ ...production, now: clock.now });
      expect(
        await codeOf(
          prod.admin.create(adminClaims, {
            username: 'lazy',
            password: DEMO_PASSWORD,
            roles: ['admin'],
          }),
        ),
      ).toBe('VALIDATION_FAILED');
      // Even a hash of the demo password planted in the table does not log in.
      await seedIdentityDemo(database);
      await purgeDemoUsers(database);
      await seedIdentityDemo(database, { hasher: identity.hasher });
      await database.db.updateTable('identity_user').set({ is_demo: false }).execute();
      expect(await codeOf(prod.sessions.login('admin', DEMO_PASSWORD))).toBe('UNAUTHENTICATED');
    });

    it('encrypts private keys at rest when a key is configured', async () => {
      const { database: db2, cleanup: cleanup2 } = await openIdentityTestDb(server);
      try {
        const EncryptionKey = Buffer.alloc(32, 7).toString('base64');
        const config = testConfig({ SigningKey: { EncryptionKey } });
        const sealed = await createIdentity({ config, mode: 'embedded', database: db2, logger });
        const rows = await db2.db
          .selectFrom('identity_signing_key')
          .select('private_key')
          .execute();
        expect(rows.map((r) => r.private_key.slice(0, 7))).toEqual(['enc:v1:']);
        expect((await sealed.keyRing.signer()).alg).toBe('EdDSA');
        const withoutKey = createIdentity({
          config: testConfig(),
          mode: 'embedded',
          database: db2,
          logger,
        });
        expect(await codeOf(withoutKey)).toBe('INTERNAL');
      } finally {
        await cleanup2();
      }
    });
  });
}

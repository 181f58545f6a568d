import { createJwtVerifier, createManualClock, type ManualClock } from '@vigil/core';
import { decodeProtectedHeader } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './domain/password.js';
import { createIdentityServiceClient } from './rpc/client.gen.js';
import { seedIdentityDemo } from './seed.js';
import { loadTestConfig, startIdentity, type RunningIdentity } from './testing/start-identity.js';
import { openIdentityTestDb, testTargets, type TestServer } from './testing/test-databases.js';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

for (const [label, open] of await testTargets()) {
  describe.skipIf(!open)(`identity service over HTTP and gRPC on ${label}`, () => {
    let server: TestServer;
    let cleanup: () => Promise<void>;
    let identity: RunningIdentity;
    let clock: ManualClock;

    async function call(
      method: string,
      path: string,
      body?: unknown,
      token?: string,
    ): Promise<Answer> {
      const res = await fetch(`${identity.baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
    }
    const login = (username: string, password = DEMO_PASSWORD) =>
      call('POST', '/api/v1/identity/login', { username, password });

    beforeAll(async () => {
      server = await open!();
      const db = await openIdentityTestDb(server);
      cleanup = db.cleanup;
      await seedIdentityDemo(db.database, { patientId: 'P-S01-001' });
      clock = createManualClock(Date.now());
      identity = await startIdentity(await loadTestConfig(db.url), { now: clock.now });
    });
    afterAll(async () => {
      await identity?.stop();
      await cleanup?.();
      await server?.close();
    });

    it('logs in: access + refresh tokens and the user with roles and sites', async () => {
      const res = await login('investigator');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual([
        'accessToken',
        'expiresIn',
        'refreshExpiresIn',
        'refreshToken',
        'tokenType',
        'user',
      ]);
      expect(res.body).toMatchObject({ expiresIn: 900, tokenType: 'Bearer' });
      expect(res.body.user).toEqual({
        id: expect.any(String),
        username: 'investigator',
        roles: ['investigator'],
        sites: ['S01'],
      });
      const patient = await login('patient');
      expect((patient.body.user as { patientId: string }).patientId).toBe('P-S01-001');
    });

    it('answers a wrong password and an unknown user alike: 401 invalid username or password', async () => {
      const wrong = await login('monitor', 'wrong-password');
      const unknown = await login('no-such-user', 'wrong-password');
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          code: 'UNAUTHENTICATED',
          message: 'invalid username or password',
          traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        });
      }
    });

    it('rejects a malformed login body with 400 VALIDATION_FAILED', async () => {
      const res = await call('POST', '/api/v1/identity/login', { username: 'admin' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('locks after 5 failures in 15 minutes with 423, the same for an unknown username', async () => {
      for (const username of ['coordinator', 'ghost-user']) {
        for (let i = 0; i < 5; i++) expect((await login(username, `guess-${i}`)).status).toBe(401);
        const locked = await login(username, DEMO_PASSWORD);
        expect(locked.status).toBe(423);
        expect(locked.body.code).toBe('ACCOUNT_LOCKED');
        expect(Number(locked.headers.get('retry-after'))).toBe(900);
      }
    });

    it('rotates refresh tokens; a spent one comes back → 401 and the family is revoked', async () => {
      const first = (await login('admin')).body;
      const second = await call('POST', '/api/v1/identity/refresh', {
        refreshToken: first.refreshToken,
      });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      const replay = await call('POST', '/api/v1/identity/refresh', {
        refreshToken: first.refreshToken,
      });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('UNAUTHENTICATED');
      const victim = await call('POST', '/api/v1/identity/refresh', {
        refreshToken: second.body.refreshToken,
      });
      expect(victim.status).toBe(401);
    });

    it('logs out: the refresh token no longer works; logout answers the same for any token', async () => {
      const pair = (await login('admin')).body;
      const out = await call('POST', '/api/v1/identity/logout', {
        refreshToken: pair.refreshToken,
      });
      expect(out).toMatchObject({ status: 200, body: { loggedOut: true } });
      expect(
        (await call('POST', '/api/v1/identity/logout', { refreshToken: 'vrt_nothing' })).body,
      ).toEqual({ loggedOut: true });
      const after = await call('POST', '/api/v1/identity/refresh', {
        refreshToken: pair.refreshToken,
      });
      expect(after.status).toBe(401);
    });

    it('serves the JWKS at the well-known address and under the API prefix', async () => {
      const wellKnown = await call('GET', '/.well-known/jwks.json');
      const prefixed = await call('GET', '/api/v1/identity/jwks.json');
      expect(wellKnown.status).toBe(200);
      expect(wellKnown.headers.get('cache-control')).toBe('public, max-age=60');
      expect(prefixed.body).toEqual(wellKnown.body);
      const keys = wellKnown.body.keys as Record<string, string>[];
      expect(keys).toHaveLength(1);
      expect(keys[0]).toEqual({
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.any(String),
        kid: expect.any(String),
        alg: 'EdDSA',
        use: 'sig',
      });
      expect(keys[0]).not.toHaveProperty('d');
    });

    it("issues tokens that @vigil/core's verifier accepts from the JWKS URL", async () => {
      const verify = await createJwtVerifier({
        JwksUrl: `${identity.baseUrl}/.well-known/jwks.json`,
        Issuer: 'vigil-identity',
      });
      const pair = (await login('investigator')).body;
      const claims = await verify(pair.accessToken as string);
      expect(claims).toMatchObject({
        sub: (pair.user as { id: string }).id,
        roles: ['investigator'],
        sites: ['S01'],
      });
      expect(claims.claims).toMatchObject({ typ: 'access', name: 'investigator' });
      await expect(verify(pair.refreshToken as string)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    });

    it('answers /me for a bearer token and 401 without one', async () => {
      const pair = (await login('investigator')).body;
      const me = await call('GET', '/api/v1/identity/me', undefined, pair.accessToken as string);
      expect(me.status).toBe(200);
      expect(me.body).toEqual(pair.user);
      expect((await call('GET', '/api/v1/identity/me')).status).toBe(401);
    });

    it('lets an admin create users and assign sites; others get 403', async () => {
      const admin = (await login('admin')).body.accessToken as string;
      const investigator = (await login('investigator')).body.accessToken as string;
      const newUser = {
        username: 'inv-s07',
        password: 'long-enough-pw',
        roles: ['investigator'],
        sites: ['S07'],
      };
      const forbidden = await call('POST', '/api/v1/identity/users', newUser, investigator);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
      const created = await call('POST', '/api/v1/identity/users', newUser, admin);
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ username: 'inv-s07', sites: ['S07'] });
      const again = await call('POST', '/api/v1/identity/users', newUser, admin);
      expect(again.status).toBe(409);
      const bad = await call(
        'POST',
        '/api/v1/identity/users',
        { ...newUser, roles: ['root'] },
        admin,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'roles', reason: expect.any(String) }]);
      const id = created.body.id as string;
      const moved = await call(
        'PUT',
        `/api/v1/identity/users/${id}/sites`,
        { sites: ['S08', 'S07'] },
        admin,
      );
      expect(moved.body.sites).toEqual(['S07', 'S08']);
      const loggedIn = await login('inv-s07', 'long-enough-pw');
      expect((loggedIn.body.user as { sites: string[] }).sites).toEqual(['S07', 'S08']);
      const list = await call('GET', '/api/v1/identity/users?pageSize=2', undefined, admin);
      expect(list.status).toBe(200);
      expect(list.body.users).toHaveLength(2);
      expect(list.body.total).toBe(6);
      expect((await call('GET', '/api/v1/identity/users/nope', undefined, admin)).status).toBe(404);
    });

    it('rotates keys: a new kid after the activation delay, old tokens still verify', async () => {
      const admin = (await login('admin')).body.accessToken as string;
      const monitor = (await login('monitor')).body.accessToken as string;
      const oldKid = decodeProtectedHeader(admin).kid;
      expect((await call('POST', '/api/v1/identity/keys/rotate', undefined, monitor)).status).toBe(
        403,
      );
      const rotated = await call('POST', '/api/v1/identity/keys/rotate', undefined, admin);
      expect(rotated.status).toBe(200);
      expect(rotated.body.previousKid).toBe(oldKid);
      const newKid = rotated.body.kid as string;
      expect(newKid).not.toBe(oldKid);
      // A verifier that fetched the JWKS now already knows the key that will sign next.
      const verify = await createJwtVerifier({
        JwksUrl: `${identity.baseUrl}/.well-known/jwks.json`,
      });
      await verify(admin);
      clock.advance(61_000);
      const fresh = (await login('admin')).body.accessToken as string;
      expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
      expect((await verify(fresh)).roles).toEqual(['admin']);
      expect((await verify(admin)).roles).toEqual(['admin']);
      // identity's own routes verify through its JWKS URL like any service; their verifier
      // fetched the set before the rotation and (jose's 30 s refetch cooldown, in real time)
      // learns the new key on its own within the activation delay, so only the old token here.
      expect((await call('GET', '/api/v1/identity/me', undefined, admin)).status).toBe(200);
      const kids = (
        (await call('GET', '/.well-known/jwks.json')).body.keys as { kid: string }[]
      ).map((k) => k.kid);
      expect(kids).toEqual([newKid, oldKid]);
    });

    it('serves IdentityService.GetUser over gRPC', async () => {
      const client = createIdentityServiceClient(
        { Endpoints: [identity.grpcAddress] },
        { logger: pino({ level: 'silent' }), service: 'test' },
      );
      try {
        const patient = (await login('patient')).body.user as { id: string };
        expect(await client.GetUser({ id: patient.id })).toEqual({
          id: patient.id,
          username: 'patient',
          roles: ['patient'],
          sites: ['S01'],
          patient_id: 'P-S01-001',
          disabled: false,
        });
        await expect(client.GetUser({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      } finally {
        client.close();
      }
    });

    it('reports ready with the database reachable', async () => {
      expect((await call('GET', '/readyz')).status).toBe(200);
    });

    it('never writes a password or a token to its logs', async () => {
      const text = identity.logLines.join('\n');
      expect(identity.logLines.length).toBeGreaterThan(10);
      for (const secret of [DEMO_PASSWORD, 'wrong-password', 'long-enough-pw', 'vrt_', 'eyJ']) {
        expect(text).not.toContain(secret);
      }
    });
  });
}

// The patient service in-process, started as main.ts starts it (etc/patient.yaml, embedded mode:
// migrations and demo seed at start-up), driven over HTTP and gRPC with tokens like identity's,
// on every database engine the service supports.
import { createLogger, isAppError, type RpcClient } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit-verify.js';
import { createPatientServiceClient } from './rpc/client.gen.js';
import type { PatientServiceDefinition } from './rpc/patient.gen.js';
import { freshPatientDatabase, testTargets, type TestServer } from './testing/databases.js';
import { loadTestConfig, startPatient, type RunningPatient } from './testing/start-patient.js';
import { startTokenIssuer, type TokenClaims, type TokenIssuer } from './testing/token-issuer.js';

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted by shape
  body: Record<string, any>;
}

const API = '/api/v1/patient';
const MONITOR: TokenClaims = { sub: 'mon-1', roles: ['monitor'] };
const ADMIN: TokenClaims = { sub: 'adm-1', roles: ['admin'] };
const INV_S01: TokenClaims = { sub: 'inv-1', roles: ['investigator'], sites: ['S01'] };
const CRC_S02: TokenClaims = { sub: 'crc-2', roles: ['coordinator'], sites: ['S02'] };
const PATIENT_1: TokenClaims = { sub: 'pt-1', roles: ['patient'], patientId: 'P-S01-001' };

for (const [label, open] of await testTargets()) {
  describe.skipIf(!open)(`patient service over HTTP and gRPC on ${label}`, () => {
    let server: TestServer;
    let closeDb: () => Promise<void>;
    let issuer: TokenIssuer;
    let patient: RunningPatient;
    let rpc: RpcClient<PatientServiceDefinition>;

    async function call(method: string, path: string, who?: TokenClaims, body?: unknown) {
      const res = await fetch(`${patient.baseUrl}${API}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(who ? { authorization: `Bearer ${await issuer.sign(who)}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      const answer: Answer = { status: res.status, body: text ? JSON.parse(text) : {} };
      return answer;
    }
    const bearer = async (who: TokenClaims) => ({
      authorization: `Bearer ${await issuer.sign(who)}`,
    });
    async function rpcCode(p: Promise<unknown>): Promise<string | undefined> {
      try {
        await p;
        return undefined;
      } catch (err) {
        return isAppError(err) ? err.code : String(err);
      }
    }

    beforeAll(async () => {
      server = await open!();
      // A migrated database is not needed: embedded start-up migrates and seeds this one.
      const fresh = await freshPatientDatabase(server, { migrate: false });
      closeDb = fresh.close;
      issuer = await startTokenIssuer();
      patient = await startPatient(await loadTestConfig(fresh.url, issuer.jwksUrl));
      const logger = createLogger({ service: 'patient-test', level: 'silent' });
      rpc = createPatientServiceClient(
        { Endpoints: [patient.grpcAddress] },
        { logger, service: 'patient-test' },
      );
    });

    afterAll(async () => {
      rpc?.close();
      await patient?.stop();
      await issuer?.close();
      await closeDb?.();
      await server?.close();
    });

    it('answers 401 without a token, with a foreign or expired one', async () => {
      expect(await call('GET', '/info/P-S01-001')).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHENTICATED', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) },
      });
      const other = await startTokenIssuer();
      const forged = await other.sign(MONITOR);
      await other.close();
      const res = await fetch(`${patient.baseUrl}${API}/patients`, {
        headers: { authorization: `Bearer ${forged}` },
      });
      expect(res.status).toBe(401);
      const expired = await issuer.sign(MONITOR, { expiresIn: '-1m' });
      const late = await fetch(`${patient.baseUrl}${API}/patients`, {
        headers: { authorization: `Bearer ${expired}` },
      });
      expect(late.status).toBe(401);
    });

    it("serves the seed's route and shape, masked for monitors and clear for site staff", async () => {
      const masked = await call('GET', '/info/P-S01-001', MONITOR);
      expect(masked).toEqual({
        status: 200,
        body: {
          patientInfo: {
            id: 'P-S01-001',
            name: '张*',
            mobile: '138****1234',
            trialId: 'VIG-001',
            createdAt: expect.any(Number),
          },
        },
      });
      const clear = await call('GET', '/info/P-S01-001', INV_S01);
      expect(clear.body.patientInfo).toMatchObject({ name: '张三', mobile: '13812341234' });
      expect((await call('GET', '/info/P-S01-001', PATIENT_1)).body.patientInfo.name).toBe('张三');
    });

    it('hides patients outside the caller scope as not found, on HTTP and gRPC', async () => {
      for (const who of [CRC_S02, PATIENT_1, { sub: 'x', roles: ['auditor'] }]) {
        expect(await call('GET', '/patients/P-S01-002', who)).toMatchObject({
          status: 404,
          body: { code: 'PATIENT_NOT_FOUND' },
        });
      }
      expect(await call('GET', '/patients/P-S09-999', MONITOR)).toMatchObject({ status: 404 });
      expect(await rpcCode(rpc.getPatient({ id: 'P-S01-002' }, await bearer(CRC_S02)))).toBe(
        'PATIENT_NOT_FOUND',
      );
    });

    it('answers gRPC with the same scope and masking, UNAUTHENTICATED without a valid token', async () => {
      const resp = await rpc.getPatient({ id: 'P-S01-001' }, await bearer(ADMIN));
      expect(resp.patient).toMatchObject({
        id: 'P-S01-001',
        name: '张*',
        mobile: '138****1234',
        trialId: 'VIG-001',
        siteId: 'S01',
        masked: true,
      });
      expect(await rpcCode(rpc.getPatient({ id: 'P-S01-001' }))).toBe('UNAUTHENTICATED');
      expect(
        await rpcCode(rpc.getPatient({ id: 'P-S01-001' }, { authorization: 'Bearer nonsense' })),
      ).toBe('UNAUTHENTICATED');
      const page = await rpc.ListPatients({ siteId: 'S02', limit: 50 }, await bearer(CRC_S02));
      expect(page.patients).toHaveLength(40);
      expect(page.nextCursor).toBe('');
      expect(page.patients[0]).toMatchObject({ id: 'P-S02-001', masked: false });
      const trials = await rpc.ListTrials({}, await bearer(INV_S01));
      expect(trials.trials.map((t) => t.timeZone)).toEqual(['Asia/Shanghai']);
      const sites = await rpc.ListSites({ trialId: 'VIG-001' }, await bearer(INV_S01));
      expect(sites.sites.map((s) => s.id)).toEqual(['S01']);
    });

    it('pages patients with a cursor, filtered by trial and site, masked per role', async () => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `?trialId=VIG-001&siteId=S03&limit=15${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call('GET', `/patients${q}`, MONITOR);
        expect(page.status).toBe(200);
        for (const p of page.body.items) expect(p).toMatchObject({ masked: true, siteId: 'S03' });
        ids.push(...page.body.items.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(ids).toHaveLength(40);
      expect(ids.slice(0, 2)).toEqual(['P-S03-001', 'P-S03-002']);
      const own = await call('GET', '/patients?limit=200', INV_S01);
      expect(own.body.items).toHaveLength(40);
      expect(own.body.items.every((p: { siteId: string }) => p.siteId === 'S01')).toBe(true);
      expect(own.body.nextCursor).toBeNull();
      expect((await call('GET', '/patients?siteId=S02', INV_S01)).body.items).toEqual([]);
      expect(await call('GET', '/patients?limit=0', MONITOR)).toMatchObject({ status: 400 });
      expect(await call('GET', '/patients?cursor=bogus', MONITOR)).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    });

    it('lists trials and sites by scope', async () => {
      expect((await call('GET', '/trials', PATIENT_1)).body.items).toMatchObject([
        { id: 'VIG-001', timeZone: 'Asia/Shanghai' },
      ]);
      const all = await call('GET', '/trials/VIG-001/sites', MONITOR);
      expect(all.body.items.map((s: { id: string }) => s.id)).toEqual([
        'S01',
        'S02',
        'S03',
        'S04',
        'S05',
      ]);
      expect((await call('GET', '/trials/VIG-001/sites', CRC_S02)).body.items).toHaveLength(1);
      expect(await call('GET', '/trials/NOPE/sites', MONITOR)).toMatchObject({
        status: 404,
        body: { code: 'TRIAL_NOT_FOUND' },
      });
    });

    it('takes a chosen id only in the site numbering, so a taken one elsewhere is not revealed', async () => {
      // P-S02-001 exists, at a site the S01 investigator cannot see: not a 409.
      expect(
        await call('POST', '/patients', INV_S01, {
          id: 'P-S02-001',
          siteId: 'S01',
          name: 'X',
          mobile: '13900001113',
        }),
      ).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', details: [{ field: 'id' }] },
      });
      expect(
        await call('POST', '/patients', INV_S01, {
          id: 'P-S01-900',
          siteId: 'S01',
          name: 'Chosen Id',
          mobile: '13900001113',
        }),
      ).toMatchObject({ status: 200, body: { patientInfo: { id: 'P-S01-900' } } });
    });

    it('enrols at the caller site only, numbering per site', async () => {
      const created = await call('POST', '/patients', CRC_S02, {
        siteId: 'S02',
        name: 'Jane Doe',
        mobile: '13900001111',
      });
      expect(created).toMatchObject({
        status: 200,
        body: {
          patientInfo: { id: 'P-S02-041', status: 'enrolled', name: 'Jane Doe', masked: false },
        },
      });
      expect(
        await call('POST', '/patients', INV_S01, {
          siteId: 'S02',
          name: 'X',
          mobile: '13900001112',
        }),
      ).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      expect(
        await call('POST', '/patients', MONITOR, {
          siteId: 'S02',
          name: 'X',
          mobile: '13900001112',
        }),
      ).toMatchObject({ status: 403 });
      expect(
        await call('POST', '/patients', CRC_S02, { siteId: 'S02', name: 'X', mobile: 'n/a' }),
      ).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', details: [{ field: 'mobile' }] },
      });
    });

    it('updates with a reason only, by site staff only, and shows the change at once', async () => {
      const before = await call('GET', '/patients/P-S01-005', INV_S01);
      expect(
        await call('PUT', '/patients/P-S01-005', INV_S01, { mobile: '13711112222' }),
      ).toMatchObject({
        status: 400,
        body: { code: 'REASON_REQUIRED' },
      });
      expect(
        await call('PUT', '/patients/P-S01-005', CRC_S02, { mobile: '1', reason: 'x' }),
      ).toMatchObject({
        status: 404,
        body: { code: 'PATIENT_NOT_FOUND' },
      });
      expect(
        await call('PUT', '/patients/P-S01-005', MONITOR, { mobile: '1', reason: 'x' }),
      ).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      expect(
        await call('PUT', '/patients/P-S01-005', PATIENT_1, { mobile: '1', reason: 'x' }),
      ).toMatchObject({
        status: 404,
      });
      const updated = await call('PUT', '/patients/P-S01-005', INV_S01, {
        mobile: '13711112222',
        reason: 'patient changed number',
        version: before.body.patientInfo.version,
      });
      expect(updated.body.patientInfo).toMatchObject({ mobile: '13711112222', version: 2 });
      // The cached copy was dropped after the commit: every reader sees the new value.
      expect((await call('GET', '/patients/P-S01-005', INV_S01)).body.patientInfo.mobile).toBe(
        '13711112222',
      );
      expect((await call('GET', '/patients/P-S01-005', MONITOR)).body.patientInfo.mobile).toBe(
        '137****2222',
      );
      const stale = await call('PUT', '/patients/P-S01-005', INV_S01, {
        mobile: '13711113333',
        reason: 'again',
        version: 1,
      });
      expect(stale).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    });

    it('shows the audit trail to site staff in full and to monitors masked', async () => {
      const full = await call('GET', '/patients/P-S01-005/audit', INV_S01);
      const change = full.body.items.find((e: { action: string }) => e.action === 'update');
      expect(change).toMatchObject({
        actor: 'inv-1',
        actorRole: 'investigator',
        field: 'mobile',
        newValue: '13711112222',
        reason: 'patient changed number',
        at: expect.stringMatching(/Z$/),
      });
      const masked = await call('GET', '/patients/P-S01-005/audit', MONITOR);
      const seen = masked.body.items.find((e: { action: string }) => e.action === 'update');
      expect(seen).toMatchObject({
        newValue: '137****2222',
        oldValue: expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
      });
      expect(JSON.stringify(masked.body)).not.toContain('13711112222');
      expect(await call('GET', '/patients/P-S01-005/audit', PATIENT_1)).toMatchObject({
        status: 404,
      });
      expect(await call('GET', '/patients/P-S01-001/audit', PATIENT_1)).toMatchObject({
        status: 403,
      });
      expect(await call('GET', '/patients/P-S01-005/audit', CRC_S02)).toMatchObject({
        status: 404,
      });
    });

    it('keeps personal data out of the logs and the audit chain intact', async () => {
      const logs = patient.logLines.join('\n');
      expect(logs).not.toContain('13711112222');
      expect(logs).not.toContain('Jane Doe');
      expect(await verifyAuditChain(patient.svc.database)).toMatchObject({ ok: true });
    });
  });
}

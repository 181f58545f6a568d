// Batch enrolment and trial schedules over HTTP, with the outbox relay publishing to a real
// broker (the PostgreSQL transport in a throw-away schema) — on PostgreSQL and MariaDB.
import { randomBytes } from 'node:crypto';
import { createTransport, type Transport } from '@vigil/core';
import { requireService, waitFor } from '@vigil/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollmentDb } from './model/schedule-model.js';
import { freshPatientDatabase, testTargets, type TestServer } from './testing/databases.js';
import { loadTestConfig, startPatient, type RunningPatient } from './testing/start-patient.js';
import { startTokenIssuer, type TokenClaims, type TokenIssuer } from './testing/token-issuer.js';

const API = '/api/v1/patient';
const CRC_S01: TokenClaims = { sub: 'crc-1', roles: ['coordinator'], sites: ['S01'] };
const ADMIN: TokenClaims = { sub: 'adm-1', roles: ['admin'] };
const pgUrl = await requireService('postgres');
const targets = (await testTargets()).filter(([label]) => !label.startsWith('embedded'));
interface Row {
  id?: string;
  trialId: string;
  siteId: string;
  name: string;
  mobile: string;
}
const rows = (n: number, over: Partial<Row> = {}): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    trialId: 'VIG-001',
    siteId: 'S01',
    name: `Batch Patient ${i}`,
    mobile: `139${String(i).padStart(8, '0')}`,
    ...over,
  }));

for (const [label, open] of targets) {
  describe.skipIf(!open || !pgUrl)(`batch enrolment and schedules on ${label}`, () => {
    let server: TestServer;
    let closeDb: () => Promise<void>;
    let issuer: TokenIssuer;
    let patient: RunningPatient;
    let broker: Transport;
    const schema = `vigil_pq_${randomBytes(5).toString('hex')}`;
    const queue = `enrol-test-${randomBytes(4).toString('hex')}`;

    async function call(method: string, path: string, who?: TokenClaims, body?: unknown) {
      const res = await fetch(`${patient.baseUrl}${API}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(who ? { authorization: `Bearer ${await issuer.sign(who)}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON asserted by shape
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }
    const count = async (table: 'patient' | 'vigil_outbox') =>
      Number(
        (
          await enrollmentDb(patient.svc.database.db)
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      server = await open!();
      const fresh = await freshPatientDatabase(server, { migrate: false });
      closeDb = fresh.close;
      issuer = await startTokenIssuer();
      const config = await loadTestConfig(fresh.url, issuer.jwksUrl);
      Object.assign(config.Queue, {
        Transport: 'postgres',
        DatabaseUrl: pgUrl,
        Schema: schema,
        RelayIntervalMs: 50,
      });
      // A consumer group bound to the topic, so the relay's publishes are routable.
      broker = createTransport({ Transport: 'postgres', Url: pgUrl!, Schema: schema });
      await broker.declare(queue, ['patient.enrolled']);
      patient = await startPatient(config);
    });

    afterAll(async () => {
      await patient?.stop();
      await broker?.close();
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
      await issuer?.close();
      await closeDb?.();
      await server?.close();
    });

    it('enrols 100 patients in one request: 201, ids in order, one event each on the broker', async () => {
      const res = await call('POST', '/patients/batch', CRC_S01, { patients: rows(100) });
      expect(res.status).toBe(201);
      // The demo site S01 holds P-S01-001 … 040: the batch continues the numbering.
      expect(res.body.ids).toEqual(
        Array.from({ length: 100 }, (_, i) => `P-S01-${String(41 + i).padStart(3, '0')}`),
      );
      const one = await call('GET', '/patients/P-S01-077', CRC_S01);
      expect(one.body.patientInfo).toMatchObject({ name: 'Batch Patient 36', status: 'enrolled' });
      // The demo seed announced its active patients too: every outbox event reaches the broker.
      const events = await count('vigil_outbox');
      expect(events).toBeGreaterThan(100);
      await waitFor(async () => (await broker.status([queue]))[0]?.ready === events, {
        what: 'every patient.enrolled event on the broker',
      });
      // The relay marks a row sent after the broker's confirm: the broker may be first.
      const outbox = await waitFor(
        async () => {
          const row = await enrollmentDb(patient.svc.database.db)
            .selectFrom('vigil_outbox')
            .selectAll()
            .where('id', '=', 'enrolled:P-S01-041')
            .executeTakeFirstOrThrow();
          return row.sent_at !== null && row;
        },
        { what: 'the outbox row marked sent' },
      );
      expect(outbox.sent_at).not.toBeNull();
      expect(JSON.parse(outbox.payload)).toEqual({
        v: 1,
        patientId: 'P-S01-041',
        trialId: 'VIG-001',
        siteId: 'S01',
        enrolledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        timeZone: 'Asia/Shanghai',
        schedule: [
          { name: 'Screening', dayOffset: 0, windowBefore: 0, windowAfter: 0 },
          { name: 'Baseline', dayOffset: 7, windowBefore: 2, windowAfter: 2 },
          { name: 'Week 4', dayOffset: 28, windowBefore: 3, windowAfter: 3 },
          { name: 'Week 8', dayOffset: 56, windowBefore: 3, windowAfter: 3 },
          { name: 'Week 12', dayOffset: 84, windowBefore: 5, windowAfter: 5 },
        ],
        mobile: '13900000000',
      });
      const audit = await call('GET', '/patients/P-S01-041/audit', CRC_S01);
      expect(audit.body.items[0]).toMatchObject({
        action: 'create',
        actor: 'crc-1',
        actorRole: 'coordinator',
        reason: 'batch enrolment',
      });
    });

    it('writes nothing when any row is bad, and lists every bad row', async () => {
      const [patients, events] = [await count('patient'), await count('vigil_outbox')];
      const batch = rows(5);
      batch[1]!.mobile = 'not a phone';
      batch[3]!.siteId = 'S09';
      const bad = await call(
        'POST',
        '/patients/batch',
        {
          ...CRC_S01,
          sites: ['S01', 'S09'],
        },
        { patients: batch.concat({ ...rows(1)[0]!, id: 'P-S01-041' }) },
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(bad.body.details).toEqual([
        { field: 'patients[1].mobile', reason: expect.any(String) },
      ]);
      batch[1]!.mobile = '13900000001';
      const db = await call(
        'POST',
        '/patients/batch',
        { ...CRC_S01, sites: ['S01', 'S09'] },
        {
          patients: batch.concat({ ...rows(1)[0]!, id: 'P-S01-041' }),
        },
      );
      expect(db.status).toBe(400);
      expect(db.body.details).toEqual([
        { field: 'patients[3].siteId', reason: 'no site S09' },
        { field: 'patients[5].id', reason: 'patient P-S01-041 already exists' },
      ]);
      expect([await count('patient'), await count('vigil_outbox')]).toEqual([patients, events]);
    });

    it('lets a coordinator enrol at their own sites only', async () => {
      const res = await call('POST', '/patients/batch', CRC_S01, {
        patients: [...rows(2), ...rows(1, { siteId: 'S02' })],
      });
      expect(res).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN', details: [{ field: 'patients[2].siteId' }] },
      });
      expect((await call('POST', '/patients/batch', ADMIN, { patients: rows(1) })).status).toBe(
        403,
      );
      const tooMany = await call('POST', '/patients/batch', CRC_S01, { patients: rows(1001) });
      expect(tooMany).toMatchObject({ status: 400, body: { details: [{ field: 'patients' }] } });
    });

    it('reads the demo schedule and lets admins replace it, audited', async () => {
      const read = await call('GET', '/trials/VIG-001/schedule', CRC_S01);
      expect(read.body).toMatchObject({ trialId: 'VIG-001', timeZone: 'Asia/Shanghai' });
      expect(read.body.visits).toHaveLength(5);
      const visits = [
        { name: 'Day 1', dayOffset: 1, windowBefore: 0, windowAfter: 1 },
        { name: 'Month 1', dayOffset: 30, windowBefore: 7, windowAfter: 7 },
      ];
      const denied = await call('PUT', '/trials/VIG-001/schedule', CRC_S01, {
        visits,
        reason: 'amendment 2',
      });
      expect(denied.status).toBe(403);
      const invalid = await call('PUT', '/trials/VIG-001/schedule', ADMIN, {
        visits: [visits[0], visits[0]],
        reason: 'amendment 2',
      });
      expect(invalid.body.details).toEqual([
        { field: 'visits[1].name', reason: 'duplicate visit name "Day 1"' },
      ]);
      expect(
        (await call('PUT', '/trials/VIG-001/schedule', ADMIN, { visits, reason: ' ' })).body.code,
      ).toBe('REASON_REQUIRED');
      const set = await call('PUT', '/trials/VIG-001/schedule', ADMIN, {
        visits,
        reason: 'amendment 2',
      });
      expect(set).toMatchObject({ status: 200, body: { visits } });
      expect((await call('GET', '/trials/VIG-001/schedule', CRC_S01)).body.visits).toEqual(visits);
      expect((await call('GET', '/trials/NOPE/schedule', ADMIN)).status).toBe(404);
      const entry = await enrollmentDb(patient.svc.database.db)
        .selectFrom('patient_audit_entry')
        .selectAll()
        .where('entity', '=', 'trial')
        .executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ actor: 'adm-1', field: 'schedule', reason: 'amendment 2' });
      expect(JSON.parse(entry.new_value!)).toEqual(visits);
      // New enrolments carry the new schedule.
      const next = await call('POST', '/patients/batch', CRC_S01, { patients: rows(1) });
      const event = await enrollmentDb(patient.svc.database.db)
        .selectFrom('vigil_outbox')
        .select('payload')
        .where('id', '=', `enrolled:${next.body.ids[0]}`)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(event.payload).schedule).toEqual(visits);
    });
  });
}

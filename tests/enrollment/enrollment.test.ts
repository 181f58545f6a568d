// Seed step 6 as users are promised it: batch enrolment answers at once, visit plans follow
// through the outbox, the broker and the follow-up worker — also when the broker was down.
// patient and followup run as their own processes, on RabbitMQ and on the PostgreSQL transport.
import { requireService, waitFor } from '@vigil/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  broker,
  createDatabase,
  freePort,
  query,
  startIssuer,
  startService,
  tcpForwarder,
  type Broker,
  type ServiceProcess,
} from './harness.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
const COORDINATOR = { sub: 'crc-e2e', roles: ['coordinator'], sites: ['S01'] };
const DAY = 86_400;
// Enrolment times (Unix s), 7 h apart going back from a fixed instant: they cross midnight in
// Shanghai at different hours of the UTC day, which a UTC-based plan would get wrong.
const BASE = Math.floor(Date.UTC(2025, 5, 1, 3, 0, 0) / 1000);

/** Day 0 and the Week 4 due date in Shanghai (UTC+8, no DST), computed independently. */
function expected(enrolledAt: number): { day0: string; week4: string } {
  const local = (s: number) => new Date((s + 8 * 3600) * 1000).toISOString().slice(0, 10);
  return { day0: local(enrolledAt), week4: local(enrolledAt + 28 * DAY) };
}

const targets: [string, Broker | undefined][] = [
  ['RabbitMQ', amqpUrl && pgUrl ? broker('rabbitmq', amqpUrl) : undefined],
  ['the PostgreSQL transport', pgUrl ? broker('postgres', pgUrl) : undefined],
];

for (const [label, b] of targets) {
  describe.skipIf(!b)(`batch enrolment to visit plans through ${label}`, () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    let issuer: Awaited<ReturnType<typeof startIssuer>>;
    let patientDb: string;
    let followupDb: string;
    let patient: ServiceProcess;
    let followup: ServiceProcess;

    beforeAll(async () => {
      issuer = await startIssuer();
      cleanups.push(() => issuer.close());
      const pdb = await createDatabase(pgUrl!);
      const fdb = await createDatabase(pgUrl!);
      cleanups.push(
        () => pdb.drop(),
        () => fdb.drop(),
        () => b!.cleanup(),
      );
      [patientDb, followupDb] = [pdb.url, fdb.url];
      // The worker first: its queue must exist before the relay publishes to it.
      followup = await startService('followup', {
        ...b!.env(),
        FOLLOWUP_DATABASE_URL: followupDb,
        IDENTITY_JWKS_URL: issuer.jwksUrl,
      });
      cleanups.push(() => followup.stop());
    });

    afterAll(async () => {
      await patient?.stop();
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    const startPatient = (relayUrl?: string) =>
      startService('patient', {
        ...b!.env(relayUrl),
        PATIENT_DATABASE_URL: patientDb,
        IDENTITY_JWKS_URL: issuer.jwksUrl,
      });

    async function enrol(n: number, offset: number): Promise<{ ids: string[]; ms: number }> {
      const patients = Array.from({ length: n }, (_, i) => ({
        trialId: 'VIG-001',
        siteId: 'S01',
        name: `E2E Patient ${offset + i}`,
        mobile: `137${String(offset + i).padStart(8, '0')}`,
        enrolledAt: BASE - (offset + i) * 7 * 3600,
      }));
      const started = performance.now();
      const res = await fetch(`${patient.url}/api/v1/patient/patients/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await issuer.sign(COORDINATOR)}`,
        },
        body: JSON.stringify({ patients }),
      });
      const ms = performance.now() - started;
      const body = (await res.json()) as { ids: string[] };
      expect(res.status, JSON.stringify(body)).toBe(201);
      expect(body.ids).toHaveLength(n);
      return { ids: body.ids, ms };
    }

    const inList = (ids: string[]) => ids.map((id) => `'${id}'`).join(',');
    const planCount = async (ids: string[]) =>
      Number(
        (
          await query<{ n: string }>(
            followupDb,
            `select count(*) as n from followup_plan where patient_id in (${inList(ids)})`,
          )
        )[0]!.n,
      );

    it('enrols 100 patients (201) and all 100 plans follow with the right dates', async () => {
      patient = await startPatient();
      const { ids, ms } = await enrol(100, 0);
      // Far below a second on an idle machine; the bound leaves room for a loaded CI box.
      expect(ms).toBeLessThan(5000);
      await waitFor(async () => (await planCount(ids)) === 100, {
        what: '100 visit plans',
        timeoutMs: 30_000,
        intervalMs: 100,
      });
      const visits = await query<{ patient_id: string; name: string; due_date: string }>(
        followupDb,
        `select patient_id, name, due_date from followup_visit
          where patient_id in (${inList(ids)}) and name in ('Screening', 'Week 4')`,
      );
      ids.forEach((id, i) => {
        const want = expected(BASE - i * 7 * 3600);
        const mine = visits.filter((v) => v.patient_id === id);
        expect(mine.find((v) => v.name === 'Screening')?.due_date, id).toBe(want.day0);
        expect(mine.find((v) => v.name === 'Week 4')?.due_date, id).toBe(want.week4);
      });
      const res = await fetch(`${followup.url}/api/v1/followup/patients/${ids[0]}/plan`, {
        headers: { authorization: `Bearer ${await issuer.sign(COORDINATOR)}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { visits: unknown[] }).visits).toHaveLength(5);
    });

    it('answers 201 while the broker is down; the outbox drains once it is back, no plan twice', async () => {
      await patient.stop();
      // The relay now reaches the broker through a port where nothing listens yet.
      const port = await freePort();
      const real = new URL(b!.url);
      const forwarder = tcpForwarder(port, { host: real.hostname, port: Number(real.port) });
      cleanups.push(() => forwarder.close());
      const down = new URL(b!.url);
      down.port = String(port);
      patient = await startPatient(down.toString());

      const { ids } = await enrol(100, 100);
      // The relay tried and failed: the events wait in the outbox, no plan exists.
      await waitFor(
        async () => {
          const rows = await query<{ n: string }>(
            patientDb,
            `select count(*) as n from vigil_outbox
              where sent_at is null and attempts > 0 and id like 'enrolled:%'
                and substr(id, 10) in (${inList(ids)})`,
          );
          return Number(rows[0]!.n) === 100;
        },
        { what: 'the relay to fail on all 100 events', timeoutMs: 20_000 },
      );
      expect(await planCount(ids)).toBe(0);

      await forwarder.open();
      await waitFor(async () => (await planCount(ids)) === 100, {
        what: 'the outbox to drain and 100 more plans',
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      const unsent = await query<{ n: string }>(
        patientDb,
        `select count(*) as n from vigil_outbox where sent_at is null`,
      );
      expect(Number(unsent[0]!.n)).toBe(0);
      // None twice: five visits per patient, one processed event per enrolment.
      const all = await query<{ patient_id: string; n: string }>(
        followupDb,
        `select patient_id, count(*) as n from followup_visit
          where patient_id like 'P-S01-%' and patient_id >= 'P-S01-041'
          group by patient_id`,
      );
      expect(all).toHaveLength(200);
      expect(all.every((r) => Number(r.n) === 5)).toBe(true);
      const processed = await query<{ n: string }>(
        followupDb,
        `select count(*) as n from vigil_processed_events
          where event_id >= 'enrolled:P-S01-041' and event_id like 'enrolled:P-S01-%'`,
      );
      expect(Number(processed[0]!.n)).toBe(200);
    });
  });
}

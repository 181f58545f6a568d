import { createTransport, serviceQueueConfig, type Transport } from '@vigil/core';
import { requireService, waitFor } from '@vigil/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_ENROLLED } from './events/patient-enrolled.js';
import { enrolledEvent, freshFollowupDatabase } from './testing/databases.js';
import {
  isolateBroker,
  loadTestConfig,
  startFollowup,
  type IsolatedBroker,
  type RunningFollowup,
} from './testing/start-followup.js';
import { startTokenIssuer, type TokenIssuer } from './testing/token-issuer.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');

const brokers: [string, IsolatedBroker | undefined][] = [
  ['RabbitMQ', amqpUrl ? isolateBroker({ kind: 'rabbitmq', url: amqpUrl }) : undefined],
  ['the PostgreSQL transport', pgUrl ? isolateBroker({ kind: 'postgres', url: pgUrl }) : undefined],
];

for (const [label, broker] of brokers) {
  describe.skipIf(!broker || !pgUrl)(`the followup worker on ${label}`, () => {
    let issuer: TokenIssuer;
    let db: Awaited<ReturnType<typeof freshFollowupDatabase>>;
    let running: RunningFollowup;
    let producer: Transport;
    // Driven clock: 10:00 on 1 Feb 2025 in Shanghai, the enrolment time of the test events.
    let now = Date.parse('2025-02-01T02:00:00Z');

    beforeAll(async () => {
      issuer = await startTokenIssuer();
      db = await freshFollowupDatabase(pgUrl!);
      const config = await loadTestConfig({
        databaseUrl: db.url,
        jwksUrl: issuer.jwksUrl,
        broker: broker!,
      });
      running = await startFollowup(config, { now: () => now });
      producer = createTransport(serviceQueueConfig(config.Queue, config.VigilMode));
    });

    afterAll(async () => {
      await producer?.close();
      await running?.stop();
      await db?.close();
      await broker!.cleanup();
      await issuer?.close();
    });

    const publish = (patientId: string, overrides: Record<string, unknown> = {}) =>
      producer.publish({
        id: `enrolled:${patientId}`,
        topic: PATIENT_ENROLLED,
        body: JSON.stringify(enrolledEvent(patientId, overrides)),
        headers: {},
      });

    async function get(path: string, claims: Parameters<TokenIssuer['sign']>[0] | null) {
      const headers: Record<string, string> = {};
      if (claims) headers.authorization = `Bearer ${await issuer.sign(claims)}`;
      const res = await fetch(`${running.baseUrl}${path}`, { headers });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }
    const coordinator = { sub: 'c1', roles: ['coordinator'], sites: ['S01'] };

    it('turns a patient.enrolled event into a plan readable by the site', async () => {
      const before = await get('/api/v1/followup/patients/P-S01-900/plan', coordinator);
      expect(before).toMatchObject({ status: 404, body: { code: 'PLAN_NOT_FOUND' } });
      await publish('P-S01-900');
      const plan = await waitFor(
        async () => {
          const r = await get('/api/v1/followup/patients/P-S01-900/plan', coordinator);
          return r.status === 200 ? r.body : undefined;
        },
        { what: 'the plan of P-S01-900', timeoutMs: 15_000 },
      );
      expect(plan).toMatchObject({
        patientId: 'P-S01-900',
        trialId: 'VIG-001',
        siteId: 'S01',
        timeZone: 'Asia/Shanghai',
        enrolledAt: Date.parse('2025-02-01T02:00:00Z') / 1000,
      });
      expect(plan.visits).toEqual([
        {
          name: 'Screening',
          dayOffset: 0,
          dueDate: '2025-02-01',
          windowStart: '2025-02-01',
          windowEnd: '2025-02-01',
          status: 'open',
        },
        expect.objectContaining({ name: 'Baseline', dueDate: '2025-02-08', status: 'upcoming' }),
        expect.objectContaining({ name: 'Week 4', dueDate: '2025-03-01', status: 'upcoming' }),
        expect.objectContaining({ name: 'Week 8', dueDate: '2025-03-29' }),
        expect.objectContaining({ name: 'Week 12', dueDate: '2025-04-26' }),
      ]);
    });

    it('applies the site scope of the patient service to plans', async () => {
      const path = '/api/v1/followup/patients/P-S01-900/plan';
      expect((await get(path, null)).status).toBe(401);
      expect(await get(path, { sub: 'c2', roles: ['coordinator'], sites: ['S02'] })).toMatchObject({
        status: 404,
        body: { code: 'PLAN_NOT_FOUND' },
      });
      expect((await get(path, { sub: 'm', roles: ['monitor'] })).status).toBe(200);
      expect((await get(path, { sub: 'a', roles: ['admin'] })).status).toBe(200);
      expect(
        (await get(path, { sub: 'p', roles: ['patient'], patientId: 'P-S01-900' })).status,
      ).toBe(200);
      expect(
        (await get(path, { sub: 'q', roles: ['patient'], patientId: 'P-S01-901' })).status,
      ).toBe(404);
    });

    it('fires reminders when they are due and shows them, masked for monitors', async () => {
      // The Baseline window opens 6 Feb: its reminders fire on 5 Feb, 08:00 and 09:00 Shanghai.
      now = Date.parse('2025-02-05T01:30:00Z');
      running.service.worker.poller.wake();
      const path = '/api/v1/followup/notifications?patientId=P-S01-900';
      const items = await waitFor(
        async () => {
          const r = await get(path, coordinator);
          const list = r.body.items as Record<string, string>[] | undefined;
          return list && list.length === 2 ? list : undefined;
        },
        { what: 'two notifications', timeoutMs: 10_000 },
      );
      expect(items.map((n) => [n.channel, n.recipient, n.visitName, n.sentAt])).toEqual([
        ['email', 'site-s01@sites.vigil.local', 'Baseline', '2025-02-05T01:30:00.000Z'],
        ['sms', '13812341234', 'Baseline', '2025-02-05T01:30:00.000Z'],
      ]);
      const monitor = await get(path, { sub: 'm', roles: ['monitor'] });
      const masked = (monitor.body.items as { recipient: string }[]).map((n) => n.recipient);
      expect(masked).toEqual(['s***@sites.vigil.local', '138****1234']);
      expect(
        await get('/api/v1/followup/notifications?patientId=P-S01-900', {
          sub: 'c2',
          roles: ['coordinator'],
          sites: ['S02'],
        }),
      ).toMatchObject({ status: 404 });
      // Personal data stays out of the logs.
      expect(running.logLines.join('\n')).not.toContain('13812341234');
    });

    it('exposes worker and queue metrics on /metrics', async () => {
      const text = await (await fetch(`${running.baseUrl}/metrics`)).text();
      expect(text).toMatch(/vigil_followup_plans_total\{[^}]*result="created"[^}]*\} 1/);
      expect(text).toMatch(/vigil_followup_reminders_total\{[^}]*channel="sms"[^}]*\} 1/);
      expect(text).toContain('vigil_queue_consume_duration_seconds');
    });
  });
}

import { createIdempotentHandler, type DeliveredEvent } from '@vigil/core';
import { requireService } from '@vigil/testkit';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanModel } from '../model/plan-model.js';
import { enrolledEvent, freshFollowupDatabase } from '../testing/databases.js';
import { followupMetrics } from './metrics.js';
import { createPlanHandler } from './plan-handler.js';

const pgUrl = await requireService('postgres');
const NOW = Date.parse('2025-02-01T03:00:00Z');

const delivery = (id: string, payload: unknown): DeliveredEvent => ({
  id,
  topic: 'patient.enrolled',
  queue: 'followup.patient-enrolled',
  payload,
  headers: {},
  attempt: 1,
});

describe.skipIf(!pgUrl)('the patient.enrolled handler on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshFollowupDatabase>>;
  let handle: (event: DeliveredEvent) => Promise<void>;
  const registry = new Registry();

  beforeAll(async () => {
    db = await freshFollowupDatabase(pgUrl!);
    handle = createIdempotentHandler(
      db.database,
      'followup.plan',
      createPlanHandler({
        database: db.database,
        rules: [
          { channel: 'sms', daysBeforeWindow: 1, at: '09:00' },
          { channel: 'email', daysBeforeWindow: 1, at: '08:00' },
        ],
        siteEmailTemplate: 'site-{siteId}@example.org',
        metrics: followupMetrics(registry),
        logger: pino({ level: 'silent' }),
        now: () => NOW,
      }),
      { registry },
    );
  });
  afterAll(() => db?.close());

  it('writes the plan, its visits and reminders in the trial time zone', async () => {
    await handle(delivery('enrolled:P-1', enrolledEvent('P-1')));
    const plan = await new PlanModel(db.database.db).find('P-1');
    expect(plan).toMatchObject({ trialId: 'VIG-001', siteId: 'S01', timeZone: 'Asia/Shanghai' });
    expect(plan!.visits.map((v) => [v.name, v.dueDate, v.windowStart, v.windowEnd])).toEqual([
      ['Screening', '2025-02-01', '2025-02-01', '2025-02-01'],
      ['Baseline', '2025-02-08', '2025-02-06', '2025-02-10'],
      ['Week 4', '2025-03-01', '2025-02-26', '2025-03-04'],
      ['Week 8', '2025-03-29', '2025-03-26', '2025-04-01'],
      ['Week 12', '2025-04-26', '2025-04-21', '2025-05-01'],
    ]);
    const reminders = await db.database.db
      .selectFrom('followup_reminder')
      .select(['id', 'channel', 'recipient', 'fire_at', 'status'])
      .where('patient_id', '=', 'P-1')
      .orderBy('fire_at')
      .execute();
    // Four visits after day 0, an SMS and an e-mail each, the day before the window opens.
    expect(reminders).toHaveLength(8);
    expect(reminders[0]).toMatchObject({
      id: 'P-1:1:email:1',
      recipient: 'site-s01@example.org',
      fire_at: new Date('2025-02-05T00:00:00Z'),
      status: 'pending',
    });
    expect(reminders[1]).toMatchObject({ channel: 'sms', recipient: '13812341234' });
  });

  it('writes one plan when the same event is delivered twice, or twice at once', async () => {
    const event = delivery('enrolled:P-2', enrolledEvent('P-2'));
    await Promise.all([handle(event), handle(event)]);
    await handle(event);
    const count = await db.database.db
      .selectFrom('followup_visit')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('patient_id', '=', 'P-2')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(5);
    const metrics = await registry.getSingleMetricAsString('vigil_queue_duplicates_total');
    expect(metrics).toMatch(/consumer="followup.plan"} 2/);
  });

  it('keeps the first plan when another event enrols the same patient again', async () => {
    await handle(delivery('other-id', enrolledEvent('P-1', { timeZone: 'America/New_York' })));
    const plan = await new PlanModel(db.database.db).find('P-1');
    expect(plan!.timeZone).toBe('Asia/Shanghai');
    const plans = await registry.getSingleMetricAsString('vigil_followup_plans_total');
    expect(plans).toMatch(/result="duplicate"} 1/);
  });

  it('refuses an invalid event without writing anything', async () => {
    await expect(
      handle(delivery('bad', enrolledEvent('P-3', { timeZone: 'Nowhere/City' }))),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(handle(delivery('bad2', { v: 1, patientId: 'P-3' }))).rejects.toThrow(
      /invalid patient.enrolled event/,
    );
    expect(await new PlanModel(db.database.db).find('P-3')).toBeUndefined();
    const processed = await db.database.db
      .selectFrom('vigil_processed_events')
      .select('event_id')
      .where('event_id', 'in', ['bad', 'bad2'])
      .execute();
    expect(processed).toEqual([]);
  });
});

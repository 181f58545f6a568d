import { requireService, waitFor } from '@vigil/testkit';
import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../domain/reminders.js';
import type { NotificationAdapter } from '../notify/adapter.js';
import { createStoredAdapters } from '../notify/stored-adapters.js';
import { freshFollowupDatabase } from '../testing/databases.js';
import { createReminderPoller, type ReminderPollerSettings } from './reminder-poller.js';

const pgUrl = await requireService('postgres');
const T0 = Date.parse('2025-03-01T00:00:00Z');
const SETTINGS: ReminderPollerSettings = {
  PollIntervalMs: 20,
  BatchSize: 25,
  MaxSendAttempts: 3,
  RetryBackoffMs: 60_000,
};

describe.skipIf(!pgUrl)('the reminder poller on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshFollowupDatabase>>;

  beforeAll(async () => {
    db = await freshFollowupDatabase(pgUrl!);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.database.db.deleteFrom('followup_notification').execute();
    await db.database.db.deleteFrom('followup_reminder').execute();
    await db.database.db.deleteFrom('followup_plan').execute();
  });

  /** `n` reminders for patient P, due at T0 + i seconds, alternating channels. */
  async function seed(n: number, channel?: Channel): Promise<void> {
    await db.database.db
      .insertInto('followup_plan')
      .values({
        patient_id: 'P',
        trial_id: 'T',
        site_id: 'S01',
        time_zone: 'UTC',
        enrolled_at: new Date(T0),
        event_id: 'e',
        created_at: new Date(T0),
      })
      .execute();
    await db.database.db
      .insertInto('followup_reminder')
      .values(
        Array.from({ length: n }, (_, i) => {
          const ch = channel ?? (i % 2 ? 'sms' : 'email');
          return {
            id: `P:${i}:${ch}`,
            patient_id: 'P',
            visit_seq: i,
            visit_name: `V${i}`,
            channel: ch,
            recipient: ch === 'sms' ? '13812341234' : 'site@example.org',
            subject: '',
            body: `visit ${i}`,
            fire_at: new Date(T0 + i * 1000),
            status: 'pending' as const,
            attempts: 0,
            last_error: null,
            sent_at: null,
            created_at: new Date(T0),
          };
        }),
      )
      .execute();
  }

  const poller = (now: () => number, adapters: ReadonlyMap<Channel, NotificationAdapter>) =>
    createReminderPoller({
      database: db.database,
      adapters,
      settings: SETTINGS,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      now,
    });

  it('sends only what is due, in due order, and stores each message once', async () => {
    await seed(10);
    const p = poller(() => T0 + 4_500, createStoredAdapters());
    expect(await p.pollOnce()).toEqual({ claimed: 5, sent: 5, retried: 0, failed: 0 });
    expect(await p.pollOnce()).toEqual({ claimed: 0, sent: 0, retried: 0, failed: 0 });
    const stored = await db.database.db
      .selectFrom('followup_notification')
      .select(['id', 'channel', 'body'])
      .orderBy('id')
      .execute();
    expect(stored.map((s) => s.id)).toEqual([
      'P:0:email',
      'P:1:sms',
      'P:2:email',
      'P:3:sms',
      'P:4:email',
    ]);
    const pending = await db.database.db
      .selectFrom('followup_reminder')
      .select('id')
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(5);
  });

  it('never sends a reminder twice when two replicas poll at once', async () => {
    await seed(300);
    const sends = new Map<string, number>();
    const counting = (channel: Channel): NotificationAdapter => ({
      channel,
      name: `count-${channel}`,
      async send(message) {
        sends.set(message.id, (sends.get(message.id) ?? 0) + 1);
        // A provider's round trip, so the replicas' batches overlap in time.
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    const adapters = new Map<Channel, NotificationAdapter>([
      ['sms', counting('sms')],
      ['email', counting('email')],
    ]);
    const later = () => T0 + 3_600_000;
    const a = poller(later, adapters);
    const b = poller(later, adapters);
    const results = await Promise.all(
      [a, b].map(async (p) => {
        let sent = 0;
        for (;;) {
          const r = await p.pollOnce();
          sent += r.sent;
          if (r.claimed === 0) return sent;
        }
      }),
    );
    expect(results[0]! + results[1]!).toBe(300);
    // Both replicas did part of the work, and no reminder was sent twice.
    expect(Math.min(...results)).toBeGreaterThan(0);
    expect(sends.size).toBe(300);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
  });

  it('retries a failing send with backoff, then marks it failed with its error', async () => {
    await seed(1, 'sms');
    const failing: NotificationAdapter = {
      channel: 'sms',
      name: 'down',
      send: () => Promise.reject(new Error('SMS gateway answered 503')),
    };
    let now = T0;
    const p = poller(() => now, new Map([['sms', failing]]));
    expect(await p.pollOnce()).toMatchObject({ claimed: 1, retried: 1 });
    // Not due again until the backoff (60 s, then 120 s) has passed.
    now += 59_000;
    expect(await p.pollOnce()).toMatchObject({ claimed: 0 });
    now += 2_000;
    expect(await p.pollOnce()).toMatchObject({ claimed: 1, retried: 1 });
    now += 121_000;
    expect(await p.pollOnce()).toMatchObject({ claimed: 1, failed: 1 });
    now += 10_000_000;
    expect(await p.pollOnce()).toMatchObject({ claimed: 0 });
    const row = await db.database.db
      .selectFrom('followup_reminder')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'SMS gateway answered 503',
    });
  });

  it('loses nothing when a poll fails mid-batch: the claim and the stored messages roll back', async () => {
    await seed(6, 'sms');
    let calls = 0;
    const dying: NotificationAdapter = {
      channel: 'sms',
      name: 'dying',
      async send(message, ctx) {
        calls += 1;
        await createStoredAdapters().get('sms')!.send(message, ctx);
        // The database connection fails after three messages were stored: nothing commits.
        if (calls === 3) await sql`select 1/0`.execute(ctx.trx);
      },
    };
    const later = () => T0 + 60_000;
    await expect(poller(later, new Map([['sms', dying]])).pollOnce()).rejects.toThrow();
    const stored = await db.database.db.selectFrom('followup_notification').select('id').execute();
    expect(stored).toEqual([]);
    expect(await poller(later, createStoredAdapters()).pollOnce()).toMatchObject({ sent: 6 });
    const count = await db.database.db
      .selectFrom('followup_notification')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(6);
  });

  it('runs in the background and wakes for a reminder that is due now', async () => {
    await seed(3);
    const p = createReminderPoller({
      database: db.database,
      adapters: createStoredAdapters(),
      settings: { ...SETTINGS, PollIntervalMs: 60_000 },
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      now: () => T0 + 10_000,
    });
    p.start();
    try {
      await waitFor(async () => {
        const rows = await db.database.db
          .selectFrom('followup_notification')
          .select('id')
          .execute();
        return rows.length === 3;
      });
    } finally {
      await p.stop();
    }
  });
});

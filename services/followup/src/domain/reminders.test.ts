import { describe, expect, it } from 'vitest';
import { computePlan } from './plan.js';
import { minuteOfDay, planReminders, type Channel, type ReminderRule } from './reminders.js';

const SCHEDULE = [
  { name: 'Screening', dayOffset: 0, windowBefore: 0, windowAfter: 0 },
  { name: 'Baseline', dayOffset: 7, windowBefore: 2, windowAfter: 2 },
  { name: 'Week 4', dayOffset: 28, windowBefore: 3, windowAfter: 3 },
];
const RULES: ReminderRule[] = [
  { channel: 'sms', daysBeforeWindow: 1, at: '09:00' },
  { channel: 'email', daysBeforeWindow: 1, at: '08:00' },
];
const BOTH = new Set<Channel>(['sms', 'email']);
const iso = (ms: number) => new Date(ms).toISOString();

function remind(enrolledAt: string, timeZone: string, now = enrolledAt, channels = BOTH) {
  const enrolledAtMs = Date.parse(enrolledAt);
  const visits = computePlan({ enrolledAtMs, timeZone, schedule: SCHEDULE });
  const nowMs = Date.parse(now);
  return planReminders({
    patientId: 'P-S01-001',
    timeZone,
    enrolledAtMs,
    visits,
    rules: RULES,
    channels,
    nowMs,
    nowDate: new Date(nowMs).toISOString().slice(0, 10),
  });
}

describe('planReminders', () => {
  it('fires the day before each window opens at local time, skipping day 0', () => {
    // Enrolled 10:00 on 1 Feb 2025 in Shanghai: Baseline window opens 6 Feb, Week 4 on 26 Feb.
    const drafts = remind('2025-02-01T02:00:00Z', 'Asia/Shanghai');
    expect(drafts.map((d) => [d.id, iso(d.fireAtMs)])).toEqual([
      ['P-S01-001:1:email:1', '2025-02-05T00:00:00.000Z'], // 08:00 Shanghai
      ['P-S01-001:1:sms:0', '2025-02-05T01:00:00.000Z'], // 09:00 Shanghai
      ['P-S01-001:2:email:1', '2025-02-25T00:00:00.000Z'],
      ['P-S01-001:2:sms:0', '2025-02-25T01:00:00.000Z'],
    ]);
    expect(drafts[1]).toMatchObject({ visitSeq: 1, visitName: 'Baseline', channel: 'sms' });
  });

  it('follows the local clock across a daylight-saving change', () => {
    // Enrolled 1 Mar 2024 in New York; the Week 4 window opens 26 Mar (after the 10 Mar change).
    const drafts = remind('2024-03-01T15:00:00Z', 'America/New_York');
    const week4 = drafts.find((d) => d.id === 'P-S01-001:2:sms:0')!;
    const baseline = drafts.find((d) => d.id === 'P-S01-001:1:sms:0')!;
    expect(iso(baseline.fireAtMs)).toBe('2024-03-05T14:00:00.000Z'); // 09:00 EST
    expect(iso(week4.fireAtMs)).toBe('2024-03-25T13:00:00.000Z'); // 09:00 EDT
  });

  it('drops reminders of windows already closed when the plan is made, keeps late ones', () => {
    // Plan made on 10 Feb: Baseline's window (6–10 Feb) is still open; its reminder fires late.
    const late = remind('2025-02-01T02:00:00Z', 'Asia/Shanghai', '2025-02-10T02:00:00Z');
    expect(late.map((d) => d.visitSeq)).toEqual([1, 1, 2, 2]);
    // On 11 Feb it has closed: only Week 4 is reminded of.
    const closed = remind('2025-02-01T02:00:00Z', 'Asia/Shanghai', '2025-02-11T02:00:00Z');
    expect(closed.map((d) => d.visitSeq)).toEqual([2, 2]);
  });

  it('sends only through channels that have a recipient', () => {
    const drafts = remind(
      '2025-02-01T02:00:00Z',
      'Asia/Shanghai',
      undefined,
      new Set<Channel>(['email']),
    );
    expect(new Set(drafts.map((d) => d.channel))).toEqual(new Set(['email']));
  });
});

describe('minuteOfDay', () => {
  it('reads 24-hour HH:MM and refuses anything else', () => {
    expect(minuteOfDay('00:00')).toBe(0);
    expect(minuteOfDay('23:59')).toBe(23 * 60 + 59);
    expect(minuteOfDay('24:00')).toBeUndefined();
    expect(minuteOfDay('9:00')).toBeUndefined();
  });
});

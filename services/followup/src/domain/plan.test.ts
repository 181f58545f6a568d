import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from './calendar.js';
import { computePlan, todayIn, visitStatus } from './plan.js';
import type { ScheduleVisit } from './schedule.js';

/** The demo trial's schedule (patient's seed). */
const DEMO: ScheduleVisit[] = [
  { name: 'Screening', dayOffset: 0, windowBefore: 0, windowAfter: 0 },
  { name: 'Baseline', dayOffset: 7, windowBefore: 2, windowAfter: 2 },
  { name: 'Week 4', dayOffset: 28, windowBefore: 3, windowAfter: 3 },
  { name: 'Week 8', dayOffset: 56, windowBefore: 3, windowAfter: 3 },
  { name: 'Week 12', dayOffset: 84, windowBefore: 5, windowAfter: 5 },
];

describe('computePlan', () => {
  it('counts days from the enrolment date in the trial time zone', () => {
    // 01:30 on 1 Feb 2025 in Shanghai (still 31 Jan in UTC).
    const plan = computePlan({
      enrolledAtMs: Date.parse('2025-01-31T17:30:00Z'),
      timeZone: 'Asia/Shanghai',
      schedule: DEMO,
    });
    expect(plan).toEqual([
      {
        seq: 0,
        name: 'Screening',
        dayOffset: 0,
        dueDate: '2025-02-01',
        windowStart: '2025-02-01',
        windowEnd: '2025-02-01',
      },
      {
        seq: 1,
        name: 'Baseline',
        dayOffset: 7,
        dueDate: '2025-02-08',
        windowStart: '2025-02-06',
        windowEnd: '2025-02-10',
      },
      {
        seq: 2,
        name: 'Week 4',
        dayOffset: 28,
        dueDate: '2025-03-01',
        windowStart: '2025-02-26',
        windowEnd: '2025-03-04',
      },
      {
        seq: 3,
        name: 'Week 8',
        dayOffset: 56,
        dueDate: '2025-03-29',
        windowStart: '2025-03-26',
        windowEnd: '2025-04-01',
      },
      {
        seq: 4,
        name: 'Week 12',
        dayOffset: 84,
        dueDate: '2025-04-26',
        windowStart: '2025-04-21',
        windowEnd: '2025-05-01',
      },
    ]);
  });

  it('gives the same instant different day 0s in different zones', () => {
    const at = Date.parse('2025-01-31T17:30:00Z');
    const due = (timeZone: string) =>
      computePlan({ enrolledAtMs: at, timeZone, schedule: DEMO })[2]!.dueDate;
    expect(due('Asia/Shanghai')).toBe('2025-03-01');
    expect(due('America/Los_Angeles')).toBe('2025-02-28');
  });

  it('crosses leap days and daylight-saving changes by whole calendar days', () => {
    const plan = computePlan({
      enrolledAtMs: Date.parse('2024-02-01T15:00:00Z'), // 10:00 in New York
      timeZone: 'America/New_York',
      schedule: [{ name: 'V', dayOffset: 42, windowBefore: 14, windowAfter: 0 }],
    });
    // 1 Feb + 42 days = 14 Mar 2024 (29 days in February), after the 10 Mar DST change.
    expect(plan[0]).toMatchObject({ dueDate: '2024-03-14', windowStart: '2024-02-29' });
  });

  it('refuses an unknown zone and an invalid schedule, naming the field', () => {
    expect(() =>
      computePlan({ enrolledAtMs: 0, timeZone: 'Nowhere/City', schedule: DEMO }),
    ).toThrow(/Unknown time zone/);
    try {
      computePlan({
        enrolledAtMs: 0,
        timeZone: 'UTC',
        schedule: [
          { name: 'A', dayOffset: 1.5, windowBefore: 0, windowAfter: 0 },
          { name: 'a', dayOffset: 2, windowBefore: -1, windowAfter: 0 },
        ],
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [
          { field: 'schedule[0].dayOffset' },
          { field: 'schedule[1].name', reason: 'duplicate visit name "a"' },
          { field: 'schedule[1].windowBefore' },
        ],
      });
    }
  });

  it('keeps every due date inside its window and the window exactly as wide as scheduled', () => {
    const visit = fc.record({
      dayOffset: fc.integer({ min: -3650, max: 3650 }),
      windowBefore: fc.integer({ min: 0, max: 365 }),
      windowAfter: fc.integer({ min: 0, max: 365 }),
    });
    const zones = fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Apia');
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        zones,
        visit,
        (at, timeZone, v) => {
          const [p] = computePlan({
            enrolledAtMs: at,
            timeZone,
            schedule: [{ name: 'V', ...v }],
          });
          const [start, due, end] = [p!.windowStart, p!.dueDate, p!.windowEnd].map(parseIsoDate);
          const day0 = parseIsoDate(todayIn(timeZone, at));
          return (
            due === day0 + v.dayOffset &&
            due - start! === v.windowBefore &&
            end! - due === v.windowAfter
          );
        },
      ),
    );
  });
});

describe('visitStatus', () => {
  const v = { windowStart: '2025-02-06', windowEnd: '2025-02-10' };
  it('is upcoming before the window, open inside it (both ends), closed after', () => {
    expect(visitStatus(v, '2025-02-05')).toBe('upcoming');
    expect(visitStatus(v, '2025-02-06')).toBe('open');
    expect(visitStatus(v, '2025-02-10')).toBe('open');
    expect(visitStatus(v, '2025-02-11')).toBe('closed');
  });
});

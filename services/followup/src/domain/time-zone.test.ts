import { describe, expect, it } from 'vitest';
import { epochDay, formatEpochDay, parseIsoDate } from './calendar.js';
import { isValidTimeZone, localEpochDay, offsetMs, zonedInstant } from './time-zone.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('calendar dates', () => {
  it('round-trips ISO dates and rejects dates that do not exist', () => {
    expect(formatEpochDay(parseIsoDate('2024-02-29'))).toBe('2024-02-29');
    expect(parseIsoDate('1970-01-02')).toBe(1);
    expect(epochDay(2025, 1, 1) - epochDay(2024, 1, 1)).toBe(366);
    expect(() => parseIsoDate('2025-02-29')).toThrow(/not a calendar date/);
    expect(() => parseIsoDate('2025-2-1')).toThrow(/not a calendar date/);
  });
});

describe('time zones', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('gives the date a local clock shows, not the UTC date', () => {
    // 17:30 UTC on 31 Jan is 01:30 on 1 Feb in Shanghai (UTC+8) and 12:30 on 31 Jan in New York.
    const t = Date.parse('2025-01-31T17:30:00Z');
    expect(formatEpochDay(localEpochDay(t, 'Asia/Shanghai'))).toBe('2025-02-01');
    expect(formatEpochDay(localEpochDay(t, 'America/New_York'))).toBe('2025-01-31');
    expect(formatEpochDay(localEpochDay(t, 'UTC'))).toBe('2025-01-31');
    expect(offsetMs(t, 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(offsetMs(t, 'America/New_York')).toBe(-5 * HOUR);
  });

  it('turns a local wall-clock time into the right instant on ordinary days', () => {
    expect(iso(zonedInstant(parseIsoDate('2025-03-01'), 9 * 60, 'Asia/Shanghai'))).toBe(
      '2025-03-01T01:00:00.000Z',
    );
    expect(iso(zonedInstant(parseIsoDate('2025-07-01'), 9 * 60, 'America/New_York'))).toBe(
      '2025-07-01T13:00:00.000Z',
    );
  });

  it('moves a time skipped by the spring-forward jump forward by the jump', () => {
    // New York, 10 Mar 2024: 02:00 EST becomes 03:00 EDT, so 02:30 does not exist.
    const day = parseIsoDate('2024-03-10');
    expect(iso(zonedInstant(day, 2 * 60 + 30, 'America/New_York'))).toBe(
      '2024-03-10T07:30:00.000Z', // 03:30 EDT
    );
    expect(iso(zonedInstant(day, 9 * 60, 'America/New_York'))).toBe('2024-03-10T13:00:00.000Z');
  });

  it('takes the earlier of a time that occurs twice when clocks go back', () => {
    // New York, 3 Nov 2024: 02:00 EDT becomes 01:00 EST, so 01:30 happens twice.
    const day = parseIsoDate('2024-11-03');
    expect(iso(zonedInstant(day, 90, 'America/New_York'))).toBe('2024-11-03T05:30:00.000Z');
    expect(iso(zonedInstant(day, 9 * 60, 'America/New_York'))).toBe('2024-11-03T14:00:00.000Z');
  });

  it('handles zones east of UTC with half-hour offsets and southern-hemisphere DST', () => {
    expect(iso(zonedInstant(parseIsoDate('2025-01-10'), 9 * 60, 'Asia/Kolkata'))).toBe(
      '2025-01-10T03:30:00.000Z',
    );
    // Sydney is on daylight time (UTC+11) in January.
    expect(iso(zonedInstant(parseIsoDate('2025-01-10'), 9 * 60, 'Australia/Sydney'))).toBe(
      '2025-01-09T22:00:00.000Z',
    );
  });
});

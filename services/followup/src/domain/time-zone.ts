import { AppError } from '@vigil/core';
import { epochDay } from './calendar.js';

/**
 * Instants ↔ wall-clock time in an IANA zone, with the platform's ICU data (Intl). Formatters
 * are cached per zone: building one costs ~50 µs, using one ~2 µs.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows `timeZone` as an IANA zone (or `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Throws `VALIDATION_FAILED` unless `timeZone` is a known IANA zone. */
export function requireTimeZone(timeZone: string, field = 'timeZone'): void {
  if (!isValidTimeZone(timeZone)) {
    throw new AppError('VALIDATION_FAILED', `Unknown time zone "${timeZone}"`, {
      details: [{ field, reason: 'an IANA time zone such as Asia/Shanghai' }],
    });
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instantMs: number, timeZone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instantMs)) {
    if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  return out;
}

/** UTC offset of `timeZone` at `instantMs`, in ms (east positive: Asia/Shanghai = +8 h). */
export function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The calendar date (epoch day) in `timeZone` at `instantMs`: day 0 of a visit plan. */
export function localEpochDay(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  return epochDay(w.year, w.month, w.day);
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the wall clock in `timeZone` shows `minuteOfDay` on `day`. Resolves
 * daylight-saving changes the way Temporal's `disambiguation: 'compatible'` (and RFC 5545) do:
 * a time that occurs twice (clocks go back) is the earlier one; a time skipped by a forward
 * jump is moved forward by the jump (02:30 on a 02:00→03:00 night is 03:30).
 */
export function zonedInstant(day: number, minuteOfDay: number, timeZone: string): number {
  const wall = day * DAY_MS + minuteOfDay * 60_000;
  // Offsets a day either side bracket any single transition (zones never change twice in 48 h).
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const valid = [wall - before, wall - after].filter((t) => t + offsetMs(t, timeZone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  return wall - before;
}

import { AppError } from '@vigil/core';

/**
 * Calendar dates as epoch days (days since 1970-01-01), free of any time zone: once an instant
 * has been turned into a date in the trial's zone (time-zone.ts), visit arithmetic is plain
 * day counting, so daylight-saving changes cannot shift a visit by a day.
 */
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The epoch day of a proleptic Gregorian date (month 1–12). */
export function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** `YYYY-MM-DD` of an epoch day (ISO 8601 calendar date). */
export function formatEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The epoch day of a `YYYY-MM-DD` string; `VALIDATION_FAILED` for anything else. */
export function parseIsoDate(text: string): number {
  const m = ISO_DATE.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = epochDay(y, mo, d);
    // Date.UTC rolls 2025-02-30 over to March: reject what does not round-trip.
    if (formatEpochDay(day) === text) return day;
  }
  throw new AppError('VALIDATION_FAILED', `"${text}" is not a calendar date (YYYY-MM-DD)`);
}

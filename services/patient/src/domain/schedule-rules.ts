import { AppError, type ErrorDetail } from '@vigil/core';

/**
 * A trial's schedule of assessments. Visit `dayOffset` days after enrolment (day 0 = the
 * enrolment date in the trial's time zone), acceptable from `windowBefore` days before to
 * `windowAfter` days after that day. The follow-up worker checks the same rules on the events
 * it receives (services/followup/src/domain/schedule.ts); the two copies must agree.
 */
export interface ScheduleVisit {
  readonly name: string;
  readonly dayOffset: number;
  readonly windowBefore: number;
  readonly windowAfter: number;
}

/** Bounds that keep a plan meaningful: ten years of follow-up, windows under a year. */
export const SCHEDULE_LIMITS = {
  maxVisits: 200,
  maxNameLength: 100,
  maxDayOffset: 3650,
  maxWindowDays: 365,
} as const;

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * The schedule as stored (names trimmed, order kept); `VALIDATION_FAILED` listing every problem:
 * empty or duplicate names (case-insensitive), offsets and windows out of range, too many visits.
 */
export function normalizeSchedule(visits: readonly ScheduleVisit[]): ScheduleVisit[] {
  const L = SCHEDULE_LIMITS;
  const details: ErrorDetail[] = [];
  if (visits.length > L.maxVisits) {
    details.push({ field: 'visits', reason: `at most ${L.maxVisits} visits` });
  }
  const seen = new Set<string>();
  const out = visits.map((v, i) => {
    const name = v.name.trim();
    if (name.length === 0 || [...name].length > L.maxNameLength) {
      details.push({ field: `visits[${i}].name`, reason: `1 to ${L.maxNameLength} characters` });
    } else if (seen.has(name.toLowerCase())) {
      details.push({ field: `visits[${i}].name`, reason: `duplicate visit name "${name}"` });
    }
    seen.add(name.toLowerCase());
    if (!isInt(v.dayOffset, -L.maxDayOffset, L.maxDayOffset)) {
      details.push({ field: `visits[${i}].dayOffset`, reason: `within ±${L.maxDayOffset}` });
    }
    for (const key of ['windowBefore', 'windowAfter'] as const) {
      if (!isInt(v[key], 0, L.maxWindowDays)) {
        details.push({ field: `visits[${i}].${key}`, reason: `0 to ${L.maxWindowDays} days` });
      }
    }
    return { ...v, name };
  });
  if (details.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'The schedule is invalid', { details });
  }
  return out;
}

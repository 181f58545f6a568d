import type { ErrorDetail } from '@vigil/core';

/**
 * A trial's schedule of assessments, as the `patient.enrolled` event carries it: each visit is
 * due `dayOffset` days after enrolment (day 0 = the enrolment date in the trial's time zone) and
 * may happen from `windowBefore` days before to `windowAfter` days after that date.
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

const isInt = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** Every problem of `schedule` (empty = valid); `prefix` names the field in details. */
export function scheduleProblems(
  schedule: readonly ScheduleVisit[],
  prefix = 'schedule',
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const L = SCHEDULE_LIMITS;
  if (schedule.length > L.maxVisits) {
    problems.push({ field: prefix, reason: `at most ${L.maxVisits} visits` });
  }
  const names = new Set<string>();
  schedule.forEach((v, i) => {
    const at = `${prefix}[${i}]`;
    const name = typeof v.name === 'string' ? v.name.trim() : '';
    if (name.length === 0 || name.length > L.maxNameLength) {
      problems.push({ field: `${at}.name`, reason: `1 to ${L.maxNameLength} characters` });
    } else if (names.has(name.toLowerCase())) {
      problems.push({ field: `${at}.name`, reason: `duplicate visit name "${name}"` });
    }
    names.add(name.toLowerCase());
    if (!isInt(v.dayOffset, -L.maxDayOffset, L.maxDayOffset)) {
      problems.push({ field: `${at}.dayOffset`, reason: `an integer within ±${L.maxDayOffset}` });
    }
    for (const key of ['windowBefore', 'windowAfter'] as const) {
      if (!isInt(v[key], 0, L.maxWindowDays)) {
        problems.push({ field: `${at}.${key}`, reason: `an integer from 0 to ${L.maxWindowDays}` });
      }
    }
  });
  return problems;
}

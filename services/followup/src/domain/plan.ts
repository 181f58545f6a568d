import { AppError } from '@vigil/core';
import { formatEpochDay } from './calendar.js';
import { scheduleProblems, type ScheduleVisit } from './schedule.js';
import { localEpochDay, requireTimeZone } from './time-zone.js';

/** One visit of a patient's plan; dates are `YYYY-MM-DD` in the trial's time zone. */
export interface PlannedVisit {
  /** Position in the schedule (0-based); keeps the schedule's order. */
  readonly seq: number;
  readonly name: string;
  readonly dayOffset: number;
  readonly dueDate: string;
  readonly windowStart: string;
  readonly windowEnd: string;
}

/** What a plan is computed from: the `patient.enrolled` event's facts. */
export interface PlanInput {
  /** The enrolment instant (Unix ms). */
  readonly enrolledAtMs: number;
  /** IANA zone where the trial counts visit days. */
  readonly timeZone: string;
  readonly schedule: readonly ScheduleVisit[];
}

/** Where a visit stands on a given day: before, inside or after its window. */
export type VisitStatus = 'upcoming' | 'open' | 'closed';

/**
 * The visit plan: day 0 is the enrolment date as a clock in the trial's zone shows it (a patient
 * enrolled at 01:30 in Shanghai on 1 Feb is on day 0 on 1 Feb, though it is still 31 Jan in
 * UTC); each due date is day 0 + dayOffset, the window `windowBefore` days before to
 * `windowAfter` days after it, both ends inclusive (ICH E6 visit windows). Throws
 * `VALIDATION_FAILED` for an unknown zone or an invalid schedule.
 */
export function computePlan(input: PlanInput): PlannedVisit[] {
  requireTimeZone(input.timeZone);
  const problems = scheduleProblems(input.schedule);
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'Invalid visit schedule', { details: problems });
  }
  if (!Number.isFinite(input.enrolledAtMs)) {
    throw new AppError('VALIDATION_FAILED', 'Invalid enrolment time');
  }
  const day0 = localEpochDay(input.enrolledAtMs, input.timeZone);
  return input.schedule.map((v, seq) => {
    const due = day0 + v.dayOffset;
    return {
      seq,
      name: v.name.trim(),
      dayOffset: v.dayOffset,
      dueDate: formatEpochDay(due),
      windowStart: formatEpochDay(due - v.windowBefore),
      windowEnd: formatEpochDay(due + v.windowAfter),
    };
  });
}

/** The visit's status on `today` (`YYYY-MM-DD` in the trial's zone; ISO dates sort as text). */
export function visitStatus(
  visit: Pick<PlannedVisit, 'windowStart' | 'windowEnd'>,
  today: string,
): VisitStatus {
  if (today < visit.windowStart) return 'upcoming';
  if (today > visit.windowEnd) return 'closed';
  return 'open';
}

/** Today's date in `timeZone` at `nowMs`, as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, nowMs: number): string {
  return formatEpochDay(localEpochDay(nowMs, timeZone));
}

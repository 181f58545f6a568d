import type { ScheduleVisit } from '../domain/schedule-rules.js';

/**
 * The demo trial's schedule of assessments: screening on the day of enrolment, baseline a week
 * later, then visits at weeks 4, 8 and 12 with widening windows (a typical 12-week protocol).
 */
export const DEMO_SCHEDULE: readonly ScheduleVisit[] = [
  { name: 'Screening', dayOffset: 0, windowBefore: 0, windowAfter: 0 },
  { name: 'Baseline', dayOffset: 7, windowBefore: 2, windowAfter: 2 },
  { name: 'Week 4', dayOffset: 28, windowBefore: 3, windowAfter: 3 },
  { name: 'Week 8', dayOffset: 56, windowBefore: 3, windowAfter: 3 },
  { name: 'Week 12', dayOffset: 84, windowBefore: 5, windowAfter: 5 },
];

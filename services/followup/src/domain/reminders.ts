import { parseIsoDate } from './calendar.js';
import type { PlannedVisit } from './plan.js';
import { zonedInstant } from './time-zone.js';

/** Channels the worker notifies through (notification adapters implement them). */
export const CHANNELS = ['sms', 'email'] as const;
/** A notification channel. */
export type Channel = (typeof CHANNELS)[number];

/** When to remind: `daysBeforeWindow` days before a visit's window opens, at `at` local time. */
export interface ReminderRule {
  readonly channel: Channel;
  readonly daysBeforeWindow: number;
  /** `HH:MM`, 24-hour, wall-clock time in the trial's zone. */
  readonly at: string;
}

/** A reminder to store: fired by the poller at `fireAtMs`. */
export interface ReminderDraft {
  /** Deterministic (`<patient>:<visit seq>:<channel>:<rule>`), so a plan's reminders are unique. */
  readonly id: string;
  readonly visitSeq: number;
  readonly visitName: string;
  readonly channel: Channel;
  readonly fireAtMs: number;
}

/** What reminders are planned from. */
export interface ReminderInput {
  readonly patientId: string;
  readonly timeZone: string;
  readonly enrolledAtMs: number;
  readonly visits: readonly PlannedVisit[];
  readonly rules: readonly ReminderRule[];
  /** Channels with a recipient (no mobile number = no SMS). */
  readonly channels: ReadonlySet<Channel>;
  /** When the plan is made; reminders of windows already closed are dropped. */
  readonly nowMs: number;
  readonly nowDate: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:MM` time; undefined when malformed. */
export function minuteOfDay(at: string): number | undefined {
  const m = HH_MM.exec(at);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/**
 * The reminders of a plan. A reminder due before the enrolment (day-0 visits) is dropped: there
 * was nothing to remind of yet. One whose time has passed while its visit's window is still open
 * (a plan made late, after a broker outage) is kept and fires at once; one whose window has
 * already closed is dropped. Fire times are wall-clock times in the trial's zone (see
 * zonedInstant for daylight-saving days).
 */
export function planReminders(input: ReminderInput): ReminderDraft[] {
  const drafts: ReminderDraft[] = [];
  for (const visit of input.visits) {
    if (visit.windowEnd < input.nowDate) continue;
    input.rules.forEach((rule, ruleIndex) => {
      if (!input.channels.has(rule.channel)) return;
      const minutes = minuteOfDay(rule.at);
      if (minutes === undefined) return;
      const day = parseIsoDate(visit.windowStart) - rule.daysBeforeWindow;
      const fireAtMs = zonedInstant(day, minutes, input.timeZone);
      if (fireAtMs < input.enrolledAtMs) return;
      drafts.push({
        id: `${input.patientId}:${visit.seq}:${rule.channel}:${ruleIndex}`,
        visitSeq: visit.seq,
        visitName: visit.name,
        channel: rule.channel,
        fireAtMs,
      });
    });
  }
  return drafts.sort((a, b) => a.fireAtMs - b.fireAtMs || a.id.localeCompare(b.id));
}

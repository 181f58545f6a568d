import type { OutboxTables } from '@vigil/core';

/** `followup_plan`: one per patient, from the `patient.enrolled` event. */
export interface PlanTable {
  patient_id: string;
  trial_id: string;
  site_id: string;
  time_zone: string;
  enrolled_at: Date;
  event_id: string;
  created_at: Date;
}

/** `followup_visit`: a planned visit; dates are `YYYY-MM-DD` in the trial's zone. */
export interface VisitTable {
  patient_id: string;
  seq: number;
  name: string;
  day_offset: number;
  due_date: string;
  window_start: string;
  window_end: string;
}

/** Where a reminder stands. */
export type ReminderStatus = 'pending' | 'sent' | 'failed';

/** `followup_reminder`: a message waiting for `fire_at`. */
export interface ReminderTable {
  id: string;
  patient_id: string;
  visit_seq: number;
  visit_name: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  fire_at: Date;
  status: ReminderStatus;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
}

/** `followup_notification`: what the stand-in adapters stored instead of sending. */
export interface NotificationTable {
  id: string;
  patient_id: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  visit_name: string;
  sent_at: Date;
}

/** The followup database, as Kysely sees it. */
export interface FollowupDb extends Pick<OutboxTables, 'vigil_processed_events'> {
  followup_plan: PlanTable;
  followup_visit: VisitTable;
  followup_reminder: ReminderTable;
  followup_notification: NotificationTable;
}

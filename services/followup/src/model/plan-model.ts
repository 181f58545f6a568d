import type { Database } from '@vigil/core';
import type { Kysely, Transaction } from 'kysely';
import type { PlannedVisit } from '../domain/plan.js';
import type { FollowupDb, ReminderTable } from './schema.js';

/** A patient's plan as stored. */
export interface StoredPlan {
  readonly patientId: string;
  readonly trialId: string;
  readonly siteId: string;
  readonly timeZone: string;
  readonly enrolledAtMs: number;
  readonly visits: PlannedVisit[];
}

/** A plan to write, with its reminders (rendered, ready to send). */
export interface NewPlan extends StoredPlan {
  readonly eventId: string;
  readonly reminders: readonly Omit<
    ReminderTable,
    'status' | 'attempts' | 'last_error' | 'sent_at'
  >[];
}

/**
 * Writes a plan, its visits and its reminders inside the caller's transaction (the idempotent
 * handler's, which also records the event as processed). Resolves false, writing nothing, when
 * the patient already has a plan: a second enrolment event for the same patient (another event
 * id, e.g. a replayed dead letter) must not plan the visits twice.
 */
export async function insertPlan(
  trx: Transaction<FollowupDb>,
  dialect: Database<FollowupDb>['dialect'],
  plan: NewPlan,
  now: Date,
): Promise<boolean> {
  const row = {
    patient_id: plan.patientId,
    trial_id: plan.trialId,
    site_id: plan.siteId,
    time_zone: plan.timeZone,
    enrolled_at: new Date(plan.enrolledAtMs),
    event_id: plan.eventId,
    created_at: now,
  };
  const insert =
    dialect === 'postgres'
      ? trx
          .insertInto('followup_plan')
          .values(row)
          .onConflict((oc) => oc.column('patient_id').doNothing())
      : trx.insertInto('followup_plan').ignore().values(row);
  const result = await insert.executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
  if (plan.visits.length > 0) {
    await trx
      .insertInto('followup_visit')
      .values(
        plan.visits.map((v) => ({
          patient_id: plan.patientId,
          seq: v.seq,
          name: v.name,
          day_offset: v.dayOffset,
          due_date: v.dueDate,
          window_start: v.windowStart,
          window_end: v.windowEnd,
        })),
      )
      .execute();
  }
  if (plan.reminders.length > 0) {
    await trx
      .insertInto('followup_reminder')
      .values(
        plan.reminders.map((r) => ({
          ...r,
          status: 'pending' as const,
          attempts: 0,
          last_error: null,
          sent_at: null,
        })),
      )
      .execute();
  }
  return true;
}

/** Reads plans (the API). */
export class PlanModel {
  constructor(private readonly db: Kysely<FollowupDb>) {}

  /** The plan of `patientId` with its visits in schedule order, or undefined. */
  async find(patientId: string): Promise<StoredPlan | undefined> {
    const plan = await this.db
      .selectFrom('followup_plan')
      .selectAll()
      .where('patient_id', '=', patientId)
      .executeTakeFirst();
    if (!plan) return undefined;
    const visits = await this.db
      .selectFrom('followup_visit')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('seq')
      .execute();
    return {
      patientId: plan.patient_id,
      trialId: plan.trial_id,
      siteId: plan.site_id,
      timeZone: plan.time_zone,
      enrolledAtMs: new Date(plan.enrolled_at).getTime(),
      visits: visits.map((v) => ({
        seq: v.seq,
        name: v.name,
        dayOffset: v.day_offset,
        dueDate: v.due_date,
        windowStart: v.window_start,
        windowEnd: v.window_end,
      })),
    };
  }
}

import { randomUUID } from 'node:crypto';
import { AppError, type Database, type OutboxTables } from '@vigil/core';
import type { Kysely } from 'kysely';
import type { ScheduleVisit } from '../domain/schedule-rules.js';
import { appendAudit } from './audit-model.js';
import type { PatientDb } from './schema.js';

/** `patient_trial_visit`: one visit of a trial's schedule (migration 0014). */
export interface TrialVisitTable {
  trial_id: string;
  seq: number;
  name: string;
  day_offset: number;
  window_before: number;
  window_after: number;
}

/** The patient database with the tables batch enrolment adds (schedule, outbox). */
export interface EnrollmentDb extends PatientDb, OutboxTables {
  patient_trial_visit: TrialVisitTable;
}

/** The enrolment tables on a patient database or transaction (same connection, wider type). */
export function enrollmentDb(db: Kysely<PatientDb>): Kysely<EnrollmentDb> {
  return db.withTables<Omit<EnrollmentDb, keyof PatientDb>>();
}

/** The schedules of `trialIds`, each in schedule order (a trial without one maps to []). */
export async function loadSchedules(
  db: Kysely<EnrollmentDb>,
  trialIds: readonly string[],
): Promise<Map<string, ScheduleVisit[]>> {
  const out = new Map<string, ScheduleVisit[]>(trialIds.map((id) => [id, []]));
  if (trialIds.length === 0) return out;
  const rows = await db
    .selectFrom('patient_trial_visit')
    .selectAll()
    .where('trial_id', 'in', [...trialIds])
    .orderBy('trial_id')
    .orderBy('seq')
    .execute();
  for (const r of rows) {
    out.get(r.trial_id)?.push({
      name: r.name,
      dayOffset: r.day_offset,
      windowBefore: r.window_before,
      windowAfter: r.window_after,
    });
  }
  return out;
}

/** Writes `visits` as the schedule of `trialId` (replacing any) in the caller's transaction. */
export async function writeSchedule(
  db: Kysely<EnrollmentDb>,
  trialId: string,
  visits: readonly ScheduleVisit[],
): Promise<void> {
  await db.deleteFrom('patient_trial_visit').where('trial_id', '=', trialId).execute();
  if (visits.length === 0) return;
  await db
    .insertInto('patient_trial_visit')
    .values(
      visits.map((v, seq) => ({
        trial_id: trialId,
        seq,
        name: v.name,
        day_offset: v.dayOffset,
        window_before: v.windowBefore,
        window_after: v.windowAfter,
      })),
    )
    .execute();
}

/** The `entity` of schedule audit entries. */
const ENTITY = 'trial';

/**
 * Trial schedules. A change replaces the whole schedule and is recorded in the audit trail (old
 * and new schedule as JSON, who, why) in the same transaction. It applies to enrolments from
 * then on: each `patient.enrolled` event carries the schedule of its moment.
 */
export class ScheduleModel {
  constructor(private readonly database: Database<PatientDb>) {}

  /** The schedule of `trialId` ([] when none is set). */
  async get(trialId: string): Promise<ScheduleVisit[]> {
    return (await loadSchedules(enrollmentDb(this.database.db), [trialId])).get(trialId) ?? [];
  }

  /** Replaces the schedule; `TRIAL_NOT_FOUND` for an unknown trial. Unchanged writes nothing. */
  async replace(
    trialId: string,
    visits: readonly ScheduleVisit[],
    actor: { sub: string; role: string; reason: string },
    nowMs: number,
  ): Promise<ScheduleVisit[]> {
    return this.database.transaction(async (trx) => {
      const trial = await trx
        .selectFrom('patient_trial')
        .select('id')
        .where('id', '=', trialId)
        .forUpdate()
        .executeTakeFirst();
      if (!trial) throw new AppError('TRIAL_NOT_FOUND');
      const db = enrollmentDb(trx);
      const before = (await loadSchedules(db, [trialId])).get(trialId) ?? [];
      const [oldValue, newValue] = [JSON.stringify(before), JSON.stringify(visits)];
      if (oldValue === newValue) return before;
      await writeSchedule(db, trialId, visits);
      await appendAudit(trx, [
        {
          changeId: randomUUID(),
          at: new Date(nowMs),
          actor: actor.sub,
          actorRole: actor.role,
          entity: ENTITY,
          entityId: trialId,
          siteId: null,
          action: 'update',
          field: 'schedule',
          oldValue: before.length ? oldValue : null,
          newValue,
          reason: actor.reason,
        },
      ]);
      return [...visits];
    });
  }
}

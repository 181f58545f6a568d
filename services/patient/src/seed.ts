import { randomUUID } from 'node:crypto';
import { enqueueMany, type Database } from '@vigil/core';
import type { Logger } from 'pino';
import type { AuditDraft } from './domain/audit-chain.js';
import { AUDITED_FIELDS, auditValue } from './domain/patient-rules.js';
import { appendAudit } from './model/audit-model.js';
import type { PatientDb } from './model/schema.js';
import { isUniqueViolation } from './model/sql-errors.js';
import { DEMO_PATIENTS_PER_SITE, DEMO_SITES, DEMO_TRIAL, demoPatients } from './demo/demo-data.js';
import { DEMO_SCHEDULE } from './demo/demo-schedule.js';
import { patientEnrolledEvent } from './events/patient-enrolled.js';
import { enrollmentDb, loadSchedules, writeSchedule } from './model/schedule-model.js';

/** Options for {@link seedPatientDemo}. */
export interface SeedOptions {
  /** The clock the demo dates count back from. */
  now?: () => number;
  logger?: Logger | undefined;
}

/** What the seed did: `seeded` is false when the demo trial was already there. */
export interface SeedResult {
  readonly seeded: boolean;
  readonly patients: number;
}

const BATCH = 200;
/** Who the audit trail names for demo records. */
export const SEED_ACTOR = { sub: 'system:demo-seed', role: 'system' } as const;

/**
 * Seeds the demo trial `VIG-001` (Asia/Shanghai) with its schedule of visits (DEMO_SCHEDULE),
 * sites `S01`–`S05` and 40 patients per site
 * (`P-S01-001` … `P-S05-040`), each recorded in the audit trail, in one transaction. Idempotent:
 * a database that already holds the trial is left as it is (also when another process seeds it
 * at the same moment), except that a trial seeded before schedules existed gets its schedule.
 */
export async function seedPatientDemo(
  database: Database<PatientDb>,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const existing = await database.db
    .selectFrom('patient_trial')
    .select('id')
    .where('id', '=', DEMO_TRIAL.id)
    .executeTakeFirst();
  if (existing) {
    // Databases seeded before trials had schedules get the demo schedule once.
    const db = enrollmentDb(database.db);
    if (!(await loadSchedules(db, [DEMO_TRIAL.id])).get(DEMO_TRIAL.id)?.length) {
      // Another process seeding at the same moment wins the primary key: fine either way.
      await database
        .transaction((trx) => writeSchedule(enrollmentDb(trx), DEMO_TRIAL.id, DEMO_SCHEDULE))
        .catch((err: unknown) => {
          if (!isUniqueViolation(err)) throw err;
        });
    }
    return { seeded: false, patients: 0 };
  }
  const nowMs = (options.now ?? Date.now)();
  const patients = demoPatients(nowMs);
  const firstDay = Math.min(...patients.map((p) => p.createdAt));
  try {
    await database.transaction(async (trx) => {
      await trx
        .insertInto('patient_trial')
        .values({
          id: DEMO_TRIAL.id,
          name: DEMO_TRIAL.name,
          time_zone: DEMO_TRIAL.timeZone,
          status: DEMO_TRIAL.status,
          created_at: new Date(firstDay),
        })
        .execute();
      await writeSchedule(enrollmentDb(trx), DEMO_TRIAL.id, DEMO_SCHEDULE);
      await trx
        .insertInto('patient_site')
        .values(
          DEMO_SITES.map((s) => ({
            id: s.id,
            trial_id: DEMO_TRIAL.id,
            name: s.name,
            city: s.city,
            country: 'CN',
            patient_seq: DEMO_PATIENTS_PER_SITE,
            created_at: new Date(firstDay),
          })),
        )
        .execute();
      for (let i = 0; i < patients.length; i += BATCH) {
        await trx
          .insertInto('patient')
          .values(
            patients.slice(i, i + BATCH).map((p) => ({
              id: p.id,
              trial_id: p.trialId,
              site_id: p.siteId,
              name: p.name,
              mobile: p.mobile,
              status: p.status,
              enrolled_at: p.enrolledAt === null ? null : new Date(p.enrolledAt),
              created_at: new Date(p.createdAt),
              updated_at: new Date(p.updatedAt),
              version: p.version,
            })),
          )
          .execute();
      }
      // Demo records enter the trail like any enrolment, stamped with when they were written.
      const drafts: AuditDraft[] = [];
      for (const p of patients) {
        const changeId = randomUUID();
        for (const field of AUDITED_FIELDS) {
          const value = auditValue(p, field);
          if (value === null) continue;
          drafts.push({
            changeId,
            at: new Date(nowMs),
            actor: SEED_ACTOR.sub,
            actorRole: SEED_ACTOR.role,
            entity: 'patient',
            entityId: p.id,
            siteId: p.siteId,
            action: 'create',
            field,
            oldValue: null,
            newValue: value,
            reason: 'demo data',
          });
        }
      }
      await appendAudit(trx, drafts);
      // Active patients are announced like any enrolment, so the follow-up worker plans their
      // visits and the demo shows plans and reminders.
      await enqueueMany(
        trx,
        patients
          .filter((p) => p.status === 'enrolled' && p.enrolledAt !== null)
          .map((p) =>
            patientEnrolledEvent(
              {
                patientId: p.id,
                trialId: p.trialId,
                siteId: p.siteId,
                enrolledAtMs: p.enrolledAt!,
                mobile: p.mobile,
              },
              { timeZone: DEMO_TRIAL.timeZone, schedule: DEMO_SCHEDULE },
            ),
          ),
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { seeded: false, patients: 0 };
    throw err;
  }
  options.logger?.info({ trial: DEMO_TRIAL.id, patients: patients.length }, 'demo data seeded');
  return { seeded: true, patients: patients.length };
}

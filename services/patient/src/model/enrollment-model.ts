import { AppError, enqueueMany, type Cache, type Database, type ErrorDetail } from '@vigil/core';
import type { Transaction } from 'kysely';
import type { BatchRow } from '../domain/batch-rules.js';
import { AUDITED_FIELDS, auditValue, type PatientRecord } from '../domain/patient-rules.js';
import type { Role } from '../domain/scope.js';
import { enrolledEventId, patientEnrolledEvent } from '../events/patient-enrolled.js';
import { appendAudit } from './audit-model.js';
import { patientCacheKey, patientDrafts, toPatientRow } from './patient-rows.js';
import { enrollmentDb, loadSchedules } from './schedule-model.js';
import type { PatientDb } from './schema.js';

// Rows per INSERT: 10 parameters each, far below PostgreSQL's and MySQL's limits.
const INSERT_BATCH = 500;

/** Who enrols: the token's subject, and the role per row (checked by authorizeBatch). */
export interface BatchActor {
  readonly sub: string;
  readonly roles: readonly Role[];
}

const at = (i: number, field: string) => `patients[${i}].${field}`;

/**
 * Batch enrolment: every row is checked against the database first (site exists and belongs to
 * the row's trial, chosen ids are free), then all patients, their audit entries and one
 * `patient.enrolled` outbox event each are written in one transaction. A failed check throws
 * `VALIDATION_FAILED` listing every bad row and nothing is written.
 */
export class EnrollmentModel {
  constructor(
    private readonly database: Database<PatientDb>,
    private readonly cache: Cache,
  ) {}

  /** Enrols `rows` (already validated by batchProblems); resolves with their ids in order. */
  async enrollBatch(
    rows: readonly BatchRow[],
    actor: BatchActor,
    nowMs: number,
  ): Promise<string[]> {
    const ids = await this.database.transaction(async (trx) => {
      const db = enrollmentDb(trx);
      // Sites in id order, locked: concurrent batches at one site number patients one after
      // the other (and lock in the same order, so they cannot deadlock).
      const siteIds = [...new Set(rows.map((r) => r.siteId))].sort();
      const sites = await trx
        .selectFrom('patient_site')
        .select(['id', 'trial_id', 'patient_seq'])
        .where('id', 'in', siteIds)
        .orderBy('id')
        .forUpdate()
        .execute();
      const trialIds = [...new Set(sites.map((s) => s.trial_id))];
      const zones = new Map(
        trialIds.length === 0
          ? []
          : (
              await trx
                .selectFrom('patient_trial')
                .select(['id', 'time_zone'])
                .where('id', 'in', trialIds)
                .execute()
            ).map((t) => [t.id, t.time_zone]),
      );
      const siteById = new Map(sites.map((s) => [s.id, s]));
      const chosen = rows.flatMap((r) => (r.id === undefined ? [] : [r.id]));
      const taken = new Set(
        chosen.length === 0
          ? []
          : (await trx.selectFrom('patient').select('id').where('id', 'in', chosen).execute()).map(
              (r) => r.id,
            ),
      );
      const problems: ErrorDetail[] = [];
      rows.forEach((row, i) => {
        const site = siteById.get(row.siteId);
        if (!site) problems.push({ field: at(i, 'siteId'), reason: `no site ${row.siteId}` });
        else if (site.trial_id !== row.trialId) {
          problems.push({
            field: at(i, 'trialId'),
            reason: `site ${row.siteId} belongs to ${site.trial_id}`,
          });
        }
        if (row.id !== undefined && taken.has(row.id)) {
          problems.push({ field: at(i, 'id'), reason: `patient ${row.id} already exists` });
        }
      });
      if (problems.length > 0) {
        throw new AppError('VALIDATION_FAILED', 'Some patients cannot be enrolled', {
          details: problems,
        });
      }
      const newIds = await this.numberRows(trx, rows, siteById, new Set(chosen));
      const records: PatientRecord[] = rows.map((row, i) => ({
        id: newIds[i]!,
        trialId: row.trialId,
        siteId: row.siteId,
        name: row.name.trim(),
        mobile: row.mobile.trim(),
        status: 'enrolled',
        enrolledAt: row.enrolledAt ?? nowMs,
        createdAt: nowMs,
        updatedAt: nowMs,
        version: 1,
      }));
      for (let i = 0; i < records.length; i += INSERT_BATCH) {
        await trx
          .insertInto('patient')
          .values(records.slice(i, i + INSERT_BATCH).map(toPatientRow))
          .execute();
      }
      const when = new Date(nowMs);
      await appendAudit(
        trx,
        records.flatMap((r, i) =>
          patientDrafts(
            'create',
            undefined,
            r,
            AUDITED_FIELDS.filter((f) => auditValue(r, f) !== null),
            { sub: actor.sub, role: actor.roles[i]!, reason: 'batch enrolment', at: when },
          ),
        ),
      );
      const schedules = await loadSchedules(db, [...new Set(rows.map((r) => r.trialId))]);
      await enqueueMany(
        trx,
        records.map((r) =>
          patientEnrolledEvent(
            {
              patientId: r.id,
              trialId: r.trialId,
              siteId: r.siteId,
              enrolledAtMs: r.enrolledAt!,
              mobile: r.mobile,
            },
            {
              timeZone: zones.get(r.trialId)!,
              schedule: schedules.get(r.trialId) ?? [],
            },
          ),
        ),
      );
      return records.map((r) => r.id);
    });
    // A lookup of one of these ids before it existed may have cached the not-found placeholder.
    await Promise.all(ids.map((id) => this.cache.del(patientCacheKey(id))));
    return ids;
  }

  /**
   * The id of every row: its own, or the site's next free numbers (`P-S01-041`), skipping
   * numbers an id chosen by hand already holds; advances each site's counter.
   */
  private async numberRows(
    trx: Transaction<PatientDb>,
    rows: readonly BatchRow[],
    sites: ReadonlyMap<string, { patient_seq: number }>,
    chosen: ReadonlySet<string>,
  ): Promise<string[]> {
    const ids: (string | undefined)[] = rows.map((r) => r.id);
    const bySite = new Map<string, number[]>();
    rows.forEach((r, i) => {
      if (r.id === undefined) bySite.set(r.siteId, [...(bySite.get(r.siteId) ?? []), i]);
    });
    for (const [siteId, indexes] of bySite) {
      let seq = sites.get(siteId)!.patient_seq;
      const free: string[] = [];
      while (free.length < indexes.length) {
        // One query per round: the candidates for the rows still without an id.
        const need = indexes.length - free.length;
        const candidates = Array.from(
          { length: need },
          (_, k) => `P-${siteId}-${String(seq + 1 + k).padStart(3, '0')}`,
        );
        const existing = new Set(
          (
            await trx.selectFrom('patient').select('id').where('id', 'in', candidates).execute()
          ).map((r) => r.id),
        );
        for (const id of candidates) if (!existing.has(id) && !chosen.has(id)) free.push(id);
        seq += need;
      }
      indexes.forEach((rowIndex, k) => (ids[rowIndex] = free[k]));
      await trx
        .updateTable('patient_site')
        .set({ patient_seq: seq })
        .where('id', '=', siteId)
        .execute();
    }
    return ids as string[];
  }
}

/**
 * Writes the `patient.enrolled` event of one patient who has just become enrolled (created as
 * enrolled, or moved there by an update), in the caller's transaction: a patient enrolled one
 * at a time gets its visit plan like a batch-enrolled one. Nothing is written while the outbox
 * still holds this patient's event (enrolled again after a withdrawal): the follow-up worker
 * has planned the patient already and deduplicates on the event id in any case. Callers hold
 * the patient's row lock (or just inserted it), so two writers cannot both find no event.
 */
export async function enqueueEnrolment(
  trx: Transaction<PatientDb>,
  patient: PatientRecord,
): Promise<void> {
  const db = enrollmentDb(trx);
  const pending = await db
    .selectFrom('vigil_outbox')
    .select('id')
    .where('id', '=', enrolledEventId(patient.id))
    .executeTakeFirst();
  if (pending) return;
  const trial = await db
    .selectFrom('patient_trial')
    .select('time_zone')
    .where('id', '=', patient.trialId)
    .executeTakeFirstOrThrow();
  const schedules = await loadSchedules(db, [patient.trialId]);
  const facts = {
    patientId: patient.id,
    trialId: patient.trialId,
    siteId: patient.siteId,
    enrolledAtMs: patient.enrolledAt ?? patient.updatedAt,
    mobile: patient.mobile,
  };
  const event = patientEnrolledEvent(facts, {
    timeZone: trial.time_zone,
    schedule: schedules.get(patient.trialId) ?? [],
  });
  await enqueueMany(db, [event]);
}

import { AppError, type Cache, type Database } from '@vigil/core';
import type { Kysely, Transaction } from 'kysely';
import {
  applyChanges,
  AUDITED_FIELDS,
  MAX_REASON_LENGTH,
  auditValue,
  changedFields,
  validatePatient,
  type PatientChanges,
  type PatientRecord,
  type PatientStatus,
} from '../domain/patient-rules.js';
import type { ListScope } from '../domain/scope.js';
import { appendAudit } from './audit-model.js';
import { enqueueEnrolment } from './enrollment-model.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { patientCacheKey, patientDrafts, toPatientRecord, toPatientRow } from './patient-rows.js';
import type { PatientDb } from './schema.js';
import { isUniqueViolation } from './sql-errors.js';

/** Who makes a change, and under which role (recorded in the audit trail). */
export interface Actor {
  readonly sub: string;
  readonly role: string;
}

/** A patient to enrol. Without `id` the site numbers it (`P-S01-041`). */
export interface NewPatient {
  id?: string | undefined;
  siteId: string;
  /** Optional: the site decides the trial; when given it must match. */
  trialId?: string | undefined;
  name: string;
  mobile: string;
  /** Default `enrolled` (now), or `screening` without a date. */
  status?: PatientStatus | undefined;
  enrolledAt?: number | null | undefined;
}

/** A page of a patient list. */
export interface PatientListQuery {
  trialId?: string | undefined;
  siteId?: string | undefined;
  status?: PatientStatus | undefined;
  scope: ListScope;
  limit: number;
  cursor?: string | undefined;
}

/** Records and the cursor of the next page (null on the last page). */
export interface PatientPage {
  items: PatientRecord[];
  nextCursor: string | null;
}

/** How an update is checked and recorded. */
export interface UpdateOptions {
  readonly sub: string;
  readonly reason: string | undefined;
  /** When set, the update fails with `CONFLICT` unless the stored version matches. */
  readonly expectedVersion?: number | undefined;
  /** Decides on the locked current row (and the result); returns the role for the audit entry. */
  authorize(current: PatientRecord, next: PatientRecord): string;
}

/** Options for {@link PatientModel}. */
export interface PatientModelOptions {
  now?: () => number;
}

/**
 * Patients: cached point reads, keyset-paged lists, and creates/updates that write their audit
 * entries in the same transaction and drop the cached copy after the commit.
 */
export class PatientModel {
  private readonly now: () => number;

  constructor(
    private readonly database: Database<PatientDb>,
    private readonly cache: Cache,
    options: PatientModelOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The patient with `id`, from the cache or the database (absent ids are cached briefly too). */
  findOne(id: string): Promise<PatientRecord | undefined> {
    return this.cache.take(patientCacheKey(id), () => this.load(this.database.db, id));
  }

  /** One page in id order, filtered by trial, site, status and the caller's scope. */
  async list(query: PatientListQuery): Promise<PatientPage> {
    const { scope } = query;
    if (!scope.allSites && scope.siteIds.length === 0 && scope.patientIds.length === 0) {
      return { items: [], nextCursor: null };
    }
    let q = this.database.db.selectFrom('patient').selectAll();
    if (query.trialId !== undefined) q = q.where('trial_id', '=', query.trialId);
    if (query.siteId !== undefined) q = q.where('site_id', '=', query.siteId);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.cursor !== undefined) q = q.where('id', '>', decodeCursor(query.cursor));
    if (!scope.allSites) {
      q = q.where((eb) =>
        eb.or([
          ...(scope.siteIds.length ? [eb('site_id', 'in', scope.siteIds)] : []),
          ...(scope.patientIds.length ? [eb('id', 'in', scope.patientIds)] : []),
        ]),
      );
    }
    // One row more than asked tells whether another page exists without a count query.
    const rows = await q
      .orderBy('id')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit).map(toPatientRecord);
    const more = rows.length > query.limit;
    return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!.id) : null };
  }

  /** Enrols a patient and records every field in the audit trail (reason optional here). */
  async create(input: NewPatient, actor: Actor, reason?: string): Promise<PatientRecord> {
    const nowMs = this.now();
    const record = await this.database.transaction(async (trx) => {
      const site = await trx
        .selectFrom('patient_site')
        .select(['id', 'trial_id', 'patient_seq'])
        .where('id', '=', input.siteId)
        .forUpdate()
        .executeTakeFirst();
      if (!site) throw new AppError('SITE_NOT_FOUND');
      if (input.trialId !== undefined && input.trialId !== site.trial_id) {
        throw new AppError('VALIDATION_FAILED', 'The site is not part of this trial', {
          details: [{ field: 'trialId', reason: `site ${site.id} belongs to ${site.trial_id}` }],
        });
      }
      const id = input.id ?? (await this.nextId(trx, site.id, site.patient_seq));
      const status = input.status ?? 'enrolled';
      const created: PatientRecord = {
        id,
        trialId: site.trial_id,
        siteId: site.id,
        name: input.name.trim(),
        mobile: input.mobile.trim(),
        status,
        enrolledAt:
          input.enrolledAt !== undefined ? input.enrolledAt : status === 'screening' ? null : nowMs,
        createdAt: nowMs,
        updatedAt: nowMs,
        version: 1,
      };
      validatePatient(created, nowMs);
      try {
        await trx.insertInto('patient').values(toPatientRow(created)).execute();
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new AppError('CONFLICT', `Patient ${id} already exists`, { cause: err });
        }
        throw err;
      }
      const fields = AUDITED_FIELDS.filter((f) => auditValue(created, f) !== null);
      const meta = { sub: actor.sub, role: actor.role, reason: reason?.trim() || null };
      await appendAudit(
        trx,
        patientDrafts('create', undefined, created, fields, { ...meta, at: new Date(nowMs) }),
      );
      if (created.status === 'enrolled') await enqueueEnrolment(trx, created);
      return created;
    });
    // A lookup of this id before it existed may have cached the not-found placeholder.
    await this.cache.del(patientCacheKey(record.id));
    return record;
  }

  /**
   * Applies `changes` under a row lock, recording each changed field with `reason`
   * (`REASON_REQUIRED` without one). Unchanged values write nothing and return the record as is.
   */
  async update(
    id: string,
    changes: PatientChanges,
    options: UpdateOptions,
  ): Promise<PatientRecord> {
    const reason = options.reason?.trim();
    if (!reason) throw new AppError('REASON_REQUIRED');
    if (reason.length > MAX_REASON_LENGTH) {
      throw new AppError('VALIDATION_FAILED', 'The reason is too long', {
        details: [{ field: 'reason', reason: `at most ${MAX_REASON_LENGTH} characters` }],
      });
    }
    const nowMs = this.now();
    const { record, changed } = await this.database.transaction(async (trx) => {
      const current = await this.load(trx, id, true);
      if (!current) throw new AppError('PATIENT_NOT_FOUND');
      const next = {
        ...applyChanges(current, changes, nowMs),
        updatedAt: nowMs,
        version: current.version + 1,
      };
      const role = options.authorize(current, next);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
        throw new AppError(
          'CONFLICT',
          `Patient ${id} changed since version ${options.expectedVersion}`,
        );
      }
      if (next.siteId !== current.siteId) await this.checkTransfer(trx, current, next.siteId);
      validatePatient(next, nowMs);
      const fields = changedFields(current, next);
      if (fields.length === 0) return { record: current, changed: false };
      await trx
        .updateTable('patient')
        .set({
          site_id: next.siteId,
          name: next.name,
          mobile: next.mobile,
          status: next.status,
          enrolled_at: next.enrolledAt === null ? null : new Date(next.enrolledAt),
          updated_at: new Date(nowMs),
          version: next.version,
        })
        .where('id', '=', id)
        .execute();
      await appendAudit(
        trx,
        patientDrafts('update', current, next, fields, {
          sub: options.sub,
          role,
          reason,
          at: new Date(nowMs),
        }),
      );
      if (next.status === 'enrolled' && current.status !== 'enrolled') {
        await enqueueEnrolment(trx, next);
      }
      return { record: next, changed: true };
    });
    if (changed) await this.cache.del(patientCacheKey(id));
    return record;
  }

  private async load(
    db: Kysely<PatientDb> | Transaction<PatientDb>,
    id: string,
    lock = false,
  ): Promise<PatientRecord | undefined> {
    const q = db.selectFrom('patient').selectAll().where('id', '=', id);
    const row = await (lock ? q.forUpdate() : q).executeTakeFirst();
    return row ? toPatientRecord(row) : undefined;
  }

  /** The site's next free number; the site row is locked by the caller. */
  private async nextId(trx: Transaction<PatientDb>, siteId: string, seq: number): Promise<string> {
    for (let n = seq + 1; ; n++) {
      const id = `P-${siteId}-${String(n).padStart(3, '0')}`;
      // An id chosen by hand earlier may already hold this number: skip it.
      if (!(await this.load(trx, id))) {
        await trx
          .updateTable('patient_site')
          .set({ patient_seq: n })
          .where('id', '=', siteId)
          .execute();
        return id;
      }
    }
  }

  /** A transfer stays within the trial, to a site that exists. */
  private async checkTransfer(trx: Transaction<PatientDb>, current: PatientRecord, siteId: string) {
    const site = await trx
      .selectFrom('patient_site')
      .select(['trial_id'])
      .where('id', '=', siteId)
      .executeTakeFirst();
    if (!site) throw new AppError('SITE_NOT_FOUND', `No site ${siteId}`);
    if (site.trial_id !== current.trialId) {
      throw new AppError('VALIDATION_FAILED', 'The new site is not a site of this trial', {
        details: [{ field: 'siteId', reason: `no site ${siteId} in trial ${current.trialId}` }],
      });
    }
  }
}

import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditDraft } from '../domain/audit-chain.js';
import {
  auditValue,
  type AuditedField,
  type PatientRecord,
  type PatientStatus,
} from '../domain/patient-rules.js';
import type { PatientTable } from './schema.js';

/** The `entity` of patient audit entries. */
export const ENTITY = 'patient';

/** A stored row as a record (times in Unix ms, so the cached JSON round-trips exactly). */
export function toPatientRecord(row: Selectable<PatientTable>): PatientRecord {
  return {
    id: row.id,
    trialId: row.trial_id,
    siteId: row.site_id,
    name: row.name,
    mobile: row.mobile,
    status: row.status as PatientStatus,
    enrolledAt: row.enrolled_at === null ? null : new Date(row.enrolled_at).getTime(),
    createdAt: new Date(row.created_at).getTime(),
    updatedAt: new Date(row.updated_at).getTime(),
    version: Number(row.version),
  };
}

/** The cache key of one patient (go-zero's `cache:<table>:id:<id>` convention, shortened). */
export function patientCacheKey(id: string): string {
  return `patient:id:${id}`;
}

/** Audit entries describing `before` → `after` for `fields`. */
export function patientDrafts(
  action: 'create' | 'update',
  before: PatientRecord | undefined,
  after: PatientRecord,
  fields: readonly AuditedField[],
  meta: { sub: string; role: string; reason: string | null; at: Date },
): AuditDraft[] {
  const changeId = randomUUID();
  return fields.map((field) => ({
    changeId,
    at: meta.at,
    actor: meta.sub,
    actorRole: meta.role,
    entity: ENTITY,
    entityId: after.id,
    siteId: after.siteId,
    action,
    field,
    oldValue: before ? auditValue(before, field) : null,
    newValue: auditValue(after, field),
    reason: meta.reason,
  }));
}

/** A record as a row to insert. */
export function toPatientRow(r: PatientRecord) {
  return {
    id: r.id,
    trial_id: r.trialId,
    site_id: r.siteId,
    name: r.name,
    mobile: r.mobile,
    status: r.status,
    enrolled_at: r.enrolledAt === null ? null : new Date(r.enrolledAt),
    created_at: new Date(r.createdAt),
    updated_at: new Date(r.updatedAt),
    version: r.version,
  };
}

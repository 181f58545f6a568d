import { AppError, isAppError, type ErrorDetail } from '@vigil/core';
import { ID_PATTERN, validatePatient, type PatientRecord } from './patient-rules.js';
import { siteRoleAt, type Principal, type Role } from './scope.js';

/** Most patients one batch may enrol. */
export const MAX_BATCH = 1000;

/** A row of a batch, as the API receives it (enrolledAt in Unix ms here). */
export interface BatchRow {
  readonly id?: string | undefined;
  readonly trialId: string;
  readonly siteId: string;
  readonly name: string;
  readonly mobile: string;
  readonly enrolledAt?: number | null | undefined;
}

const at = (i: number, field: string) => `patients[${i}].${field}`;

/**
 * The role each row is enrolled under (for its audit entries): `FORBIDDEN` listing the rows at
 * sites where the caller is not an investigator or coordinator (a coordinator enrols at their
 * own sites only). Checked before anything else, so an out-of-scope batch reveals nothing.
 */
export function authorizeBatch(p: Principal, rows: readonly BatchRow[]): Role[] {
  const denied: ErrorDetail[] = [];
  const roles = rows.map((row, i) => {
    const role = siteRoleAt(p, row.siteId);
    if (!role) denied.push({ field: at(i, 'siteId'), reason: `not one of your sites` });
    return role;
  });
  if (denied.length > 0) {
    throw new AppError('FORBIDDEN', 'Only investigators and coordinators of the site may enrol', {
      details: denied,
    });
  }
  return roles as Role[];
}

/**
 * Every problem of the batch that needs no database, as `patients[i].field` details: size,
 * ids (format, repeated within the batch), and each row as a patient record would be checked
 * (name, mobile, enrolment date not in the future).
 */
export function batchProblems(rows: readonly BatchRow[], nowMs: number): ErrorDetail[] {
  if (rows.length === 0) return [{ field: 'patients', reason: 'at least one patient' }];
  if (rows.length > MAX_BATCH) {
    return [{ field: 'patients', reason: `at most ${MAX_BATCH} patients per batch` }];
  }
  const problems: ErrorDetail[] = [];
  const ids = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.id !== undefined) {
      const first = ids.get(row.id);
      if (first !== undefined) {
        problems.push({ field: at(i, 'id'), reason: `repeats patients[${first}].id` });
      }
      ids.set(row.id, first ?? i);
    }
    const record: PatientRecord = {
      id: row.id ?? 'P-NEW',
      trialId: row.trialId,
      siteId: row.siteId,
      // Trimmed as the insert trims them (and as a single create does).
      name: row.name.trim(),
      mobile: row.mobile.trim(),
      status: 'enrolled',
      enrolledAt: row.enrolledAt ?? nowMs,
      createdAt: nowMs,
      updatedAt: nowMs,
      version: 1,
    };
    try {
      validatePatient(record, nowMs);
    } catch (err) {
      if (!isAppError(err)) throw err;
      for (const d of err.details ?? []) problems.push({ ...d, field: at(i, d.field) });
    }
    if (
      row.id !== undefined &&
      !ID_PATTERN.test(row.id) &&
      !problems.some((p) => p.field === at(i, 'id'))
    ) {
      problems.push({ field: at(i, 'id'), reason: 'letters, digits, - and _, at most 32' });
    }
  });
  return problems;
}

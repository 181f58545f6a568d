import { AppError, type ErrorDetail } from '@vigil/core';

/** Where a patient is in the trial; `screening` patients have no enrolment date yet. */
export const PATIENT_STATUSES = ['screening', 'enrolled', 'completed', 'withdrawn'] as const;

/** A patient's trial status. */
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

/** A patient as the service stores and caches it; times are Unix milliseconds (UTC). */
export interface PatientRecord {
  readonly id: string;
  readonly trialId: string;
  readonly siteId: string;
  readonly name: string;
  readonly mobile: string;
  readonly status: PatientStatus;
  readonly enrolledAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly version: number;
}

/** The fields an update may change (`siteId`: a transfer within the trial). */
export interface PatientChanges {
  name?: string | undefined;
  mobile?: string | undefined;
  status?: PatientStatus | undefined;
  /** Unix ms; null clears it (back to screening). */
  enrolledAt?: number | null | undefined;
  siteId?: string | undefined;
}

/** The clinical fields every create and update records in the audit trail, in this order. */
export const AUDITED_FIELDS = [
  'trialId',
  'siteId',
  'name',
  'mobile',
  'status',
  'enrolledAt',
] as const;

/** A field named in audit entries. */
export type AuditedField = (typeof AUDITED_FIELDS)[number];

/** Ids are short ASCII (`P-S01-001`), safe in URLs, logs and binary-collated columns. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const MOBILE_PATTERN = /^\+?[0-9][0-9 -]{5,30}[0-9]$/;
// Clocks of site PCs drift; a day's slack avoids refusing an honest entry made "tomorrow".
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** The text an audit entry stores for a field's value (dates as ISO-8601 UTC). */
export function auditValue(record: PatientRecord, field: AuditedField): string | null {
  if (field === 'enrolledAt') {
    return record.enrolledAt === null ? null : new Date(record.enrolledAt).toISOString();
  }
  return record[field];
}

/** True for a patient status. */
export function isPatientStatus(value: string): value is PatientStatus {
  return (PATIENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Checks a whole record after a create or update would apply (`VALIDATION_FAILED` listing every
 * bad field): non-empty name, a phone-like mobile, a known status, and an enrolment date that
 * exists exactly when the patient is past screening and is not in the future.
 */
export function validatePatient(record: PatientRecord, nowMs: number): void {
  const details: ErrorDetail[] = [];
  if (!ID_PATTERN.test(record.id)) {
    details.push({ field: 'id', reason: 'letters, digits, - and _, at most 32, no leading -' });
  }
  const name = record.name.trim();
  if (name === '' || [...name].length > 200) {
    details.push({ field: 'name', reason: 'must be 1 to 200 characters' });
  }
  if (!MOBILE_PATTERN.test(record.mobile)) {
    details.push({
      field: 'mobile',
      reason: 'must be a phone number (digits, optional + - space)',
    });
  }
  if (!isPatientStatus(record.status)) {
    details.push({ field: 'status', reason: `must be one of ${PATIENT_STATUSES.join(', ')}` });
  } else if (record.status === 'screening' && record.enrolledAt !== null) {
    details.push({ field: 'enrolledAt', reason: 'a screening patient has no enrolment date' });
  } else if (record.status !== 'screening' && record.enrolledAt === null) {
    details.push({ field: 'enrolledAt', reason: `required when status is ${record.status}` });
  }
  if (record.enrolledAt !== null && record.enrolledAt > nowMs + FUTURE_SLACK_MS) {
    details.push({ field: 'enrolledAt', reason: 'must not be in the future' });
  }
  if (details.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'The patient is invalid', { details });
  }
}

/**
 * `record` with `changes` applied. Setting the status to anything past screening without a date
 * on either side enrols the patient now; going back to screening clears the date.
 */
export function applyChanges(
  record: PatientRecord,
  changes: PatientChanges,
  nowMs: number,
): PatientRecord {
  const status = changes.status ?? record.status;
  let enrolledAt = changes.enrolledAt !== undefined ? changes.enrolledAt : record.enrolledAt;
  if (changes.enrolledAt === undefined) {
    if (status === 'screening') enrolledAt = null;
    else if (enrolledAt === null) enrolledAt = nowMs;
  }
  return {
    ...record,
    name: changes.name?.trim() ?? record.name,
    mobile: changes.mobile?.trim() ?? record.mobile,
    siteId: changes.siteId ?? record.siteId,
    status,
    enrolledAt,
  };
}

/** The audited fields whose value differs between `before` and `after`. */
export function changedFields(before: PatientRecord, after: PatientRecord): AuditedField[] {
  return AUDITED_FIELDS.filter((f) => auditValue(before, f) !== auditValue(after, f));
}

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

/** The prefix of a site's patient ids: the site's own numbering (`P-S01-041` at S01). */
export function sitePatientPrefix(siteId: string): string {
  return `P-${siteId}-`;
}

/**
 * Why an id the caller chose cannot be used at `siteId`, or undefined. Site staff choose ids only
 * in their site's numbering: a chosen id already taken at another site would answer 409 and
 * reveal a patient they may not know exists (every read answers 404 for those).
 */
export function chosenIdProblem(id: string | undefined, siteId: string): string | undefined {
  const prefix = sitePatientPrefix(siteId);
  if (id === undefined || (id.startsWith(prefix) && id.length > prefix.length)) return undefined;
  return `must start with ${prefix} (the site's numbering)`;
}

/** Ids are short ASCII (`P-S01-001`), safe in URLs, logs and binary-collated columns. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
// At most 32 characters, the column's width; at least 7 digits, the shortest subscriber numbers.
const MOBILE_PATTERN = /^\+?[0-9][0-9 -]{5,29}[0-9]$/;
const MIN_MOBILE_DIGITS = 7;
// A name has something readable in it and no control characters (tabs, newlines, escapes).
const NAME_READABLE = /[\p{L}\p{N}]/u;
const NAME_CONTROL = /\p{Cc}/u;
/** Enrolment dates are Unix ms from 1970 on: older ones are typing errors, not history. */
export const MIN_ENROLLED_AT = 0;
/** The longest reason an audit entry keeps (the trail is append-only: it is kept for ever). */
export const MAX_REASON_LENGTH = 1000;
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
  } else if (NAME_CONTROL.test(name) || !NAME_READABLE.test(name)) {
    details.push({
      field: 'name',
      reason: 'must contain a letter or digit and no control characters',
    });
  }
  const digits = record.mobile.replace(/[^0-9]/g, '').length;
  if (!MOBILE_PATTERN.test(record.mobile) || digits < MIN_MOBILE_DIGITS) {
    details.push({
      field: 'mobile',
      reason: `must be a phone number: ${MIN_MOBILE_DIGITS} to 31 digits, optional + - space`,
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
  } else if (record.enrolledAt !== null && record.enrolledAt < MIN_ENROLLED_AT) {
    details.push({ field: 'enrolledAt', reason: 'must not be before 1970-01-01 (Unix ms)' });
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

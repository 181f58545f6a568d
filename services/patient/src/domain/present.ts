import type { AuditEntry } from './audit-chain.js';
import { maskPersonalValue } from './masking.js';
import type { PatientRecord } from './patient-rules.js';

/**
 * A patient as every API (HTTP and gRPC) returns it: the seed's fields (`id, name, mobile,
 * trialId, createdAt` in Unix seconds) plus the platform's. Built only by {@link presentPatient},
 * which applies the caller's masking, so no response path can carry an unmasked name or mobile
 * to a caller who may not see it.
 */
export interface PatientView {
  readonly id: string;
  readonly name: string;
  readonly mobile: string;
  readonly trialId: string;
  /** Unix seconds, as the seed's `createdAt`. */
  readonly createdAt: number;
  readonly siteId: string;
  readonly status: string;
  /** Unix seconds; null while screening. */
  readonly enrolledAt: number | null;
  /** Unix seconds. */
  readonly updatedAt: number;
  /** Grows by one per update; send it back as `version` to refuse lost updates. */
  readonly version: number;
  /** True when `name` and `mobile` are masked for this caller. */
  readonly masked: boolean;
}

/** One audit entry as the history API returns it. */
export interface AuditEntryView {
  readonly seq: number;
  readonly changeId: string;
  /** ISO-8601 UTC with milliseconds. */
  readonly at: string;
  readonly actor: string;
  readonly actorRole: string;
  readonly action: string;
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly reason: string | null;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The view of `record` for a caller who sees it `full` or `masked`. */
export function presentPatient(record: PatientRecord, visibility: 'full' | 'masked'): PatientView {
  const masked = visibility === 'masked';
  return {
    id: record.id,
    name: masked ? maskPersonalValue('name', record.name) : record.name,
    mobile: masked ? maskPersonalValue('mobile', record.mobile) : record.mobile,
    trialId: record.trialId,
    createdAt: seconds(record.createdAt),
    siteId: record.siteId,
    status: record.status,
    enrolledAt: record.enrolledAt === null ? null : seconds(record.enrolledAt),
    updatedAt: seconds(record.updatedAt),
    version: record.version,
    masked,
  };
}

/** The view of an audit entry; masked callers see personal fields' old and new values masked. */
export function presentAuditEntry(
  entry: AuditEntry,
  visibility: 'full' | 'masked',
): AuditEntryView {
  const mask = (v: string | null) =>
    visibility === 'masked' ? maskPersonalValue(entry.field, v) : v;
  return {
    seq: entry.seq,
    changeId: entry.changeId,
    at: entry.at.toISOString(),
    actor: entry.actor,
    actorRole: entry.actorRole,
    action: entry.action,
    field: entry.field,
    oldValue: mask(entry.oldValue),
    newValue: mask(entry.newValue),
    reason: entry.reason,
  };
}

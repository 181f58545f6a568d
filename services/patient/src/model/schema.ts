import type { ColumnType } from 'kysely';

/** BIGINT reads as a string on both drivers (exact beyond 2^53); we write numbers. */
type BigIntColumn = ColumnType<string | number, number, number>;

/** `patient_trial`: one clinical trial. */
export interface TrialTable {
  id: string;
  name: string;
  time_zone: string;
  status: string;
  created_at: Date;
}

/** `patient_site`: a site (hospital) of a trial. */
export interface SiteTable {
  id: string;
  trial_id: string;
  name: string;
  city: string;
  country: string;
  patient_seq: ColumnType<number, number | undefined, number>;
  created_at: Date;
}

/** `patient`: a trial subject; `name` and `mobile` are personal data. */
export interface PatientTable {
  id: string;
  trial_id: string;
  site_id: string;
  name: string;
  mobile: string;
  status: string;
  enrolled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: ColumnType<number, number | undefined, number>;
}

/** `patient_audit_entry`: one changed field; insert-only (the database refuses the rest). */
export interface AuditEntryTable {
  seq: BigIntColumn;
  change_id: string;
  at: Date;
  actor: string;
  actor_role: string;
  entity: string;
  entity_id: string;
  site_id: string | null;
  action: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

/** `patient_audit_head`: the single row (id 1) naming the chain's last entry. */
export interface AuditHeadTable {
  id: number;
  seq: BigIntColumn;
  hash: string;
}

/** The patient service's database, as Kysely sees it. */
export interface PatientDb {
  patient_trial: TrialTable;
  patient_site: SiteTable;
  patient: PatientTable;
  patient_audit_entry: AuditEntryTable;
  patient_audit_head: AuditHeadTable;
}

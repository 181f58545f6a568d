import { sql } from 'kysely';
import type { MigrationDb, SqlDialect } from '@vigil/core';

/**
 * Append-only at the database, not only in our code: updates, deletes (and on PostgreSQL
 * truncates) of audit entries fail. Someone with DDL rights can still drop the guard, which is
 * why the hash chain exists. MySQL: this file guards updates, 0010 deletes (one DDL per file,
 * since MySQL commits DDL implicitly).
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`
      create function patient_audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'patient_audit_entry is append-only (% refused)', tg_op
          using errcode = 'insufficient_privilege';
      end
      $$`.execute(db);
    await sql`
      create trigger patient_audit_entry_no_change before update or delete
      on patient_audit_entry for each row execute function patient_audit_append_only()`.execute(db);
    await sql`
      create trigger patient_audit_entry_no_truncate before truncate
      on patient_audit_entry for each statement execute function patient_audit_append_only()`.execute(
      db,
    );
    return;
  }
  await sql`
    create trigger patient_audit_entry_no_update before update on patient_audit_entry
    for each row signal sqlstate '45000' set message_text = 'patient_audit_entry is append-only'`.execute(
    db,
  );
}

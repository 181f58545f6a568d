import { sql } from 'kysely';
import type { MigrationDb, SqlDialect } from '@vigil/core';

/** MySQL: deletes of audit entries fail (PostgreSQL's guard in 0009 covers deletes already). */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') return;
  await sql`
    create trigger patient_audit_entry_no_delete before delete on patient_audit_entry
    for each row signal sqlstate '45000' set message_text = 'patient_audit_entry is append-only'`.execute(
    db,
  );
}

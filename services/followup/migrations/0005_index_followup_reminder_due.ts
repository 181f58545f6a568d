import { sql } from 'kysely';
import type { MigrationDb, SqlDialect } from '@vigil/core';

/**
 * The poller seeks pending reminders by fire time. PostgreSQL indexes only pending rows (sent
 * ones never leave the index otherwise); MySQL has no partial index, so status leads.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const index = db.schema.createIndex('followup_reminder_due').on('followup_reminder');
  await (
    dialect === 'postgres'
      ? index.column('fire_at').where(sql<boolean>`status = 'pending'`)
      : index.columns(['status', 'fire_at'])
  ).execute();
}

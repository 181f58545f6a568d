import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType, timestampType } from './column-types.js';

/**
 * Messages the stand-in SMS and e-mail adapters "sent" (embedded mode stores them so they can
 * be read through the API). The id is the reminder's: one message per reminder at most.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('followup_notification')
    .addColumn('id', idType(dialect, 96), (c) => c.primaryKey())
    .addColumn('patient_id', idType(dialect), (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'varchar(2000)', (c) => c.notNull())
    .addColumn('visit_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('sent_at', timestampType(dialect), (c) => c.notNull())
    .execute();
}

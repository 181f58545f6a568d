import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType, timestampType } from './column-types.js';

/**
 * Reminders waiting for their time. The poller claims due `pending` rows with
 * `FOR UPDATE SKIP LOCKED` and marks them `sent` (or, after its attempts, `failed`) in the same
 * transaction, so a restart loses none and two replicas never send one twice. Text is rendered
 * when the plan is made; `recipient` is personal data (a mobile number) and never logged.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('followup_reminder')
    .addColumn('id', idType(dialect, 96), (c) => c.primaryKey())
    .addColumn('patient_id', idType(dialect), (c) =>
      c.notNull().references('followup_plan.patient_id'),
    )
    .addColumn('visit_seq', 'integer', (c) => c.notNull())
    .addColumn('visit_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'varchar(2000)', (c) => c.notNull())
    .addColumn('fire_at', ts, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('sent_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
}

import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType, timestampType } from './column-types.js';

/**
 * Patients (trial subjects). `name` and `mobile` are personal data: they leave the service only
 * through the masking presenter. `version` grows by one per update (optimistic concurrency).
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('patient')
    .addColumn('id', idType(dialect), (c) => c.primaryKey())
    .addColumn('trial_id', idType(dialect), (c) => c.notNull().references('patient_trial.id'))
    .addColumn('site_id', idType(dialect), (c) => c.notNull().references('patient_site.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('enrolled_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType, timestampType } from './column-types.js';

/** Clinical trials. `time_zone` (IANA) is where visit days are counted (Asia/Shanghai…). */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('patient_trial')
    .addColumn('id', idType(dialect), (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', timestampType(dialect), (c) => c.notNull())
    .execute();
}

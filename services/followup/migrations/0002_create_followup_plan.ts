import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType, timestampType } from './column-types.js';

/**
 * One visit plan per patient, with the facts of the `patient.enrolled` event it came from: the
 * site (for the read scope) and the trial's zone (visit dates are dates there).
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('followup_plan')
    .addColumn('patient_id', idType(dialect), (c) => c.primaryKey())
    .addColumn('trial_id', idType(dialect), (c) => c.notNull())
    .addColumn('site_id', idType(dialect), (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('enrolled_at', ts, (c) => c.notNull())
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
}

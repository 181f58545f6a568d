import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType, timestampType } from './column-types.js';

/**
 * Sites (hospitals) of a trial. Site ids are unique across trials: the JWT `sites` claim names
 * sites without their trial. `patient_seq` numbers the site's patients (`P-S01-041`); bumping it
 * locks the site row, so two enrolments at one site never get the same number.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('patient_site')
    .addColumn('id', idType(dialect), (c) => c.primaryKey())
    .addColumn('trial_id', idType(dialect), (c) => c.notNull().references('patient_trial.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('city', 'varchar(100)', (c) => c.notNull())
    .addColumn('country', 'char(2)', (c) => c.notNull())
    .addColumn('patient_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestampType(dialect), (c) => c.notNull())
    .execute();
}

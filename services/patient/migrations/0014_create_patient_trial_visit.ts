import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType } from './column-types.js';

/**
 * A trial's schedule of assessments: visit `seq` (schedule order) is due `day_offset` days after
 * enrolment, acceptable `window_before` days before to `window_after` days after. The whole
 * schedule travels in each `patient.enrolled` event, so the follow-up worker plans visits
 * without calling this service.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('patient_trial_visit')
    .addColumn('trial_id', idType(dialect), (c) => c.notNull().references('patient_trial.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('day_offset', 'integer', (c) => c.notNull())
    .addColumn('window_before', 'integer', (c) => c.notNull())
    .addColumn('window_after', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('patient_trial_visit_pk', ['trial_id', 'seq'])
    .execute();
}

import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType } from './column-types.js';

/**
 * The planned visits of a plan, in schedule order (`seq`). Dates are `YYYY-MM-DD` text in the
 * trial's zone rather than DATE columns: drivers turn DATE into a JS Date at local midnight,
 * which shifts the day in any zone west of the server's.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('followup_visit')
    .addColumn('patient_id', idType(dialect), (c) =>
      c.notNull().references('followup_plan.patient_id'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('day_offset', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'char(10)', (c) => c.notNull())
    .addColumn('window_start', 'char(10)', (c) => c.notNull())
    .addColumn('window_end', 'char(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('followup_visit_pk', ['patient_id', 'seq'])
    .execute();
}

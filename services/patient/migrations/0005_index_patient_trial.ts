import type { MigrationDb } from '@vigil/core';

/** Lists by trial page by id: `(trial_id, id)`. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('patient_trial_id_idx')
    .on('patient')
    .columns(['trial_id', 'id'])
    .execute();
}

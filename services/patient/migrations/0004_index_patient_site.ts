import type { MigrationDb } from '@vigil/core';

/** Lists filter by site (and scope) and page by id: `(site_id, id)` serves both. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('patient_site_id_idx')
    .on('patient')
    .columns(['site_id', 'id'])
    .execute();
}

import type { MigrationDb } from '@vigil/core';

/** The history of one record, in order: `(entity, entity_id, seq)`. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('patient_audit_entry_entity_idx')
    .on('patient_audit_entry')
    .columns(['entity', 'entity_id', 'seq'])
    .execute();
}

import type { MigrationDb } from '@vigil/core';

/** The notifications API lists one patient's messages, newest first. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('followup_notification_patient')
    .on('followup_notification')
    .columns(['patient_id', 'sent_at'])
    .execute();
}

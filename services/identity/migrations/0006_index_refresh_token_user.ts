import type { MigrationDb } from '@vigil/core';

/** A password change revokes every token of the user (MySQL indexes the FK already). */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('identity_refresh_token_user_idx')
    .on('identity_refresh_token')
    .column('user_id')
    .execute();
}

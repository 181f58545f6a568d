import type { MigrationDb } from '@vigil/core';

/** Revoking a family touches every token of it. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('identity_refresh_token_family_idx')
    .on('identity_refresh_token')
    .column('family_id')
    .execute();
}

import type { MigrationDb } from '@vigil/core';

/** The sites (e.g. `S01`) a user works at; they become the token's `sites` claim. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('identity_site_assignment')
    .addColumn('user_id', 'varchar(36)', (c) =>
      c.notNull().references('identity_user.id').onDelete('cascade'),
    )
    .addColumn('site_id', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_site_assignment_pk', ['user_id', 'site_id'])
    .execute();
}

import type { MigrationDb } from '@vigil/core';

/** A user's roles (admin, monitor, investigator, coordinator, patient). */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('identity_user_role')
    .addColumn('user_id', 'varchar(36)', (c) =>
      c.notNull().references('identity_user.id').onDelete('cascade'),
    )
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_user_role_pk', ['user_id', 'role'])
    .execute();
}

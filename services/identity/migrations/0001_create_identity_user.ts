import type { MigrationDb, SqlDialect } from '@vigil/core';
import { timestampType } from './column-types.js';

/** Users: a normalized (lower-case) unique username, an argon2id hash, no personal data. */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('identity_user')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    // Patient users see their own record only; the id is the patient service's.
    .addColumn('patient_id', 'varchar(64)')
    // Set by the demo seed, cleared by a password change; production refuses to start with one.
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', timestampType(dialect), (c) => c.notNull())
    .addColumn('updated_at', timestampType(dialect), (c) => c.notNull())
    .execute();
}

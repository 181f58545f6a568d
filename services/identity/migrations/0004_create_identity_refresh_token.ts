import type { MigrationDb, SqlDialect } from '@vigil/core';
import { timestampType } from './column-types.js';

/**
 * Refresh tokens, stored as SHA-256 of the opaque value. Each login starts a family; every
 * refresh spends one token and issues the next in the same family, so reuse of a spent token
 * (a stolen copy) can revoke the whole family (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('identity_refresh_token')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
    .addColumn('family_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) =>
      c.notNull().references('identity_user.id').onDelete('cascade'),
    )
    .addColumn('issued_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    // Absolute end of the session: rotation never extends a family past it.
    .addColumn('family_expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();
}

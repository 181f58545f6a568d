import type { MigrationDb, SqlDialect } from '@vigil/core';
import { timestampType } from './column-types.js';

/**
 * Failed-login counters per username, existing or not (so a lockout reveals nothing). The key
 * is SHA-256 of the normalized username: what people type into the username box (sometimes a
 * password) is never stored.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('identity_login_throttle')
    .addColumn('username_key', 'char(64)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .execute();
}

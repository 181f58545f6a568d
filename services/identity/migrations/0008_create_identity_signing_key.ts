import type { MigrationDb, SqlDialect } from '@vigil/core';
import { timestampType } from './column-types.js';

/**
 * Token signing keys. The newest unretired key signs; a retired key's public half stays in the
 * JWKS until every token it signed has expired. `private_key` is AES-256-GCM encrypted when a
 * key-encryption key is configured (`enc:v1:` prefix), else stored as `plain:` JWK.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('identity_signing_key')
    .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('alg', 'varchar(16)', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('retired_at', ts)
    .execute();
}

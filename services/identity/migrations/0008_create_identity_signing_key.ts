import type { MigrationDb, SqlDialect } from '@vigil/core';
import { timestampType } from './column-types.js';

/**
 * Token signing keys. A key is published in the JWKS from `created_at` and signs from
 * `activates_at` (later, so verifiers that cached the JWKS learn the key before any token carries
 * its kid); the newest activated key signs. An older key stays published until every token it
 * signed has expired. `private_key` is AES-256-GCM encrypted when a key-encryption key is
 * configured (`enc:v1:` prefix), else stored as a `plain:` JWK.
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
    .addColumn('activates_at', ts, (c) => c.notNull())
    .execute();
}

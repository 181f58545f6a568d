import type { MigrationDb, SqlDialect } from '@vigil/core';
import { idType, timestampType } from './column-types.js';

/**
 * The audit trail (ICH E6(R3) 4.2.3, 21 CFR 11.10(e)): one row per changed field, append-only.
 * `seq` is assigned by the writer, contiguous from 1, so a removed row leaves a gap; `hash` =
 * sha256(prev_hash + canonical entry), so an altered row breaks the chain.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('patient_audit_entry')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('change_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', timestampType(dialect), (c) => c.notNull())
    .addColumn('actor', 'varchar(64)', (c) => c.notNull())
    .addColumn('actor_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_id', idType(dialect, 64), (c) => c.notNull())
    .addColumn('site_id', idType(dialect))
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('field', 'varchar(64)', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('reason', 'text')
    .addColumn('prev_hash', 'char(64)', (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .execute();
}

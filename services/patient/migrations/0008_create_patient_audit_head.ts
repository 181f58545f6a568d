import type { MigrationDb } from '@vigil/core';

/**
 * The chain's head: one row holding the last entry's `seq` and `hash`. Appenders lock it
 * (`select … for update`), which orders concurrent writers and lets `verify` notice entries
 * removed from the end. Created with its genesis row: seq 0 and 64 zeros, entry 1's `prev_hash`.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('patient_audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .execute();
  await db
    .insertInto('patient_audit_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();
}

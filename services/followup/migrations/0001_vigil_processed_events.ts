import { outboxMigrations, type MigrationDb, type SqlDialect } from '@vigil/core';

/**
 * `vigil_processed_events` from @vigil/core's queue: the idempotent handler records each
 * `patient.enrolled` event it handled here, in the transaction that writes the plan, so a
 * redelivered event is acked without a second plan. (The worker publishes nothing, so the
 * outbox table itself is not created.)
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const migration = outboxMigrations.find((m) => m.name === '0000_vigil_processed_events');
  if (!migration) throw new Error('@vigil/core has no 0000_vigil_processed_events migration');
  await migration.up(db, dialect);
}

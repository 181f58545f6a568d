import { outboxMigrations, type MigrationDb, type SqlDialect } from '@vigil/core';

/**
 * @vigil/core's `0000_vigil_outbox` (the transactional outbox the batch enrolment writes
 * `patient.enrolled` events to), numbered after this service's own migrations: the migrator
 * refuses a migration that sorts before those already applied.
 */
export async function up(db: MigrationDb, dialect: SqlDialect): Promise<void> {
  const migration = outboxMigrations.find((m) => m.name === '0000_vigil_outbox');
  if (!migration) throw new Error('@vigil/core has no 0000_vigil_outbox migration');
  await migration.up(db, dialect);
}

export { DatabaseConfigSchema, dialectOf } from './config.js';
export type { DatabaseConfig, SqlDialect } from './config.js';
export { createDatabase } from './database.js';
export type { Database, DatabaseConfigInput, DatabaseOptions } from './database.js';
export { startEmbeddedPostgres } from './embedded-postgres.js';
export type { EmbeddedPostgresHandle, EmbeddedPostgresOptions } from './embedded-postgres.js';
export { migrateUp, migrationStatus } from './migrate.js';
export type {
  MigrateOptions,
  MigrationDb,
  MigrationSource,
  MigrationState,
  VigilMigration,
} from './migrate.js';

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Logger } from 'pino';
import { AppError } from '../errors/index.js';
import type { SqlDialect } from './config.js';
import type { Database } from './database.js';

/** The untyped Kysely migrations receive: they run before (and define) any typed schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's migration convention
export type MigrationDb = Kysely<any>;

/** One migration: `NNNN_name` and an `up` that receives the dialect for the rare DDL difference. */
export interface VigilMigration {
  readonly name: string;
  up(db: MigrationDb, dialect: SqlDialect): Promise<void>;
}

/** A migrations folder of `NNNN_name.ts|js` files, or the migrations themselves. */
export type MigrationSource = string | readonly VigilMigration[];

/** Options for {@link migrateUp} and {@link migrationStatus}. */
export interface MigrateOptions {
  logger?: Logger | undefined;
}

/** One migration's state, as `vigil migrate status` prints it. */
export interface MigrationState {
  readonly name: string;
  /** When it ran; undefined while pending. */
  readonly executedAt: Date | undefined;
}

// Tables are fixed for the life of the project: Kysely cannot follow a rename (see MigratorProps).
const MIGRATION_TABLE = 'vigil_migrations';
const MIGRATION_LOCK_TABLE = 'vigil_migrations_lock';
const FILE_PATTERN = /^(\d{4}_[a-z0-9_-]+)\.(ts|js|mjs)$/i;

/** Reads `NNNN_name.ts` (or the compiled `.js`) files; each must export `up(db, dialect)`. */
async function loadDirectory(dir: string): Promise<VigilMigration[]> {
  const files = (await readdir(dir)).filter((f) => FILE_PATTERN.test(f) && !f.endsWith('.d.ts'));
  const byName = new Map<string, string>();
  for (const file of files.sort()) {
    const name = FILE_PATTERN.exec(file)![1]!;
    // Sources and their compiled output may sit side by side; one migration per name.
    if (!byName.has(name)) byName.set(name, file);
  }
  const migrations: VigilMigration[] = [];
  for (const [name, file] of byName) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Partial<VigilMigration>;
    if (typeof mod.up !== 'function') {
      throw new AppError('INTERNAL', `migration ${file} does not export an up() function`);
    }
    migrations.push({ name, up: mod.up });
  }
  return migrations;
}

async function migratorFor<DB>(database: Database<DB>, source: MigrationSource): Promise<Migrator> {
  const list = typeof source === 'string' ? await loadDirectory(source) : source;
  for (const m of list) {
    if (!FILE_PATTERN.test(`${m.name}.ts`)) {
      throw new AppError('INTERNAL', `migration name ${m.name} is not NNNN_name`);
    }
  }
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        list.map((m): [string, Migration] => [
          m.name,
          { up: (db: MigrationDb) => m.up(db, database.dialect) },
        ]),
      ),
  };
  // Kysely's Migrator gives what we need: a migrations table, a lock so concurrent runners are
  // safe (pg_advisory_lock on PostgreSQL, GET_LOCK on MySQL, both freed if the process dies),
  // and a transaction around the pending batch on PostgreSQL. MySQL commits DDL implicitly, so
  // a failed MySQL migration can leave partial changes: keep each file to one DDL statement.
  return new Migrator({
    db: database.db as MigrationDb,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/**
 * Runs every pending migration in name order; resolves with the names it ran. Throws `INTERNAL`
 * naming the failed migration (the cause carries the SQL error); on PostgreSQL the whole pending
 * batch is rolled back. Embedded mode calls this at start-up; production runs `vigil migrate`.
 */
export async function migrateUp<DB>(
  database: Database<DB>,
  source: MigrationSource,
  options: MigrateOptions = {},
): Promise<string[]> {
  const migrator = await migratorFor(database, source);
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const what = failed ? `migration ${failed.migrationName} failed` : 'migrations failed';
    options.logger?.error({ err: error }, what);
    throw new AppError('INTERNAL', what, { cause: error });
  }
  const ran = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (ran.length > 0) options.logger?.info({ migrations: ran }, 'migrations applied');
  return ran;
}

/** Every known migration with when it ran (undefined = pending), in name order. */
export async function migrationStatus<DB>(
  database: Database<DB>,
  source: MigrationSource,
): Promise<MigrationState[]> {
  const migrator = await migratorFor(database, source);
  const infos = await migrator.getMigrations();
  return infos.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}

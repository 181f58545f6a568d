// Safe to edit: created once by vigilctl, never overwritten. The identity service's
// dependencies (go-zero's ServiceContext): built once at start-up, handed to every logic.
import {
  AppError,
  createDatabase,
  createLogger,
  migrateUp,
  migrationStatus,
  type Clock,
  type Logger,
} from '@vigil/core';
import type { Config } from '../config.js';
import { createIdentity, type Identity } from '../domain/identity.js';
import { IDENTITY_MIGRATIONS_DIR } from '../migrations.js';
import type { IdentityDatabase, IdentityTables } from '../model/schema.js';

/** Resources shared by the logic of every route and RPC method. */
export interface ServiceContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: IdentityDatabase;
  /** Sessions, admin operations and the signing keys. */
  readonly identity: Identity;
  /** Releases what the context opened (pools, clients); called once the servers have stopped. */
  close(): Promise<void>;
}

/** Test seams: a driven clock, a collecting logger. */
export interface ServiceContextOptions {
  now?: Clock;
  logger?: Logger;
}

/**
 * Embedded mode migrates at start-up; production expects `vigil migrate` to have run and says
 * so instead of failing later on a missing table.
 */
async function prepareSchema(config: Config, database: IdentityDatabase, logger: Logger) {
  if (config.VigilMode === 'embedded') {
    await migrateUp(database, IDENTITY_MIGRATIONS_DIR, { logger });
    return;
  }
  const pending = (await migrationStatus(database, IDENTITY_MIGRATIONS_DIR)).filter(
    (m) => m.executedAt === undefined,
  );
  if (pending.length) {
    throw new AppError(
      'CONFIG_INVALID',
      `the identity database has ${pending.length} pending migration(s) (${pending[0]!.name}…); ` +
        'run `vigil migrate` first (production does not migrate at start-up)',
    );
  }
}

/** Builds the context from the config: database, migrations (embedded), domain, housekeeping. */
export async function createServiceContext(
  config: Config,
  options: ServiceContextOptions = {},
): Promise<ServiceContext> {
  const logger = options.logger ?? createLogger({ service: config.Name, level: config.Log.Level });
  const database = createDatabase<IdentityTables>(config.Database, {
    logger,
    service: config.Name,
  });
  let identity: Identity;
  try {
    await prepareSchema(config, database, logger);
    identity = await createIdentity({
      config: config.Identity,
      mode: config.VigilMode,
      database,
      logger,
      now: options.now,
    });
  } catch (err) {
    await database.close();
    throw err;
  }
  const maintenance = identity.startMaintenance();
  return {
    config,
    logger,
    database,
    identity,
    async close() {
      maintenance.stop();
      await database.close();
    },
  };
}

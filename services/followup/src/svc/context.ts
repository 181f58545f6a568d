// Safe to edit: created once by vigilctl, never overwritten. The followup service's
// dependencies (go-zero's ServiceContext): built once at start-up, handed to every logic.
import {
  AppError,
  createDatabase,
  createLogger,
  migrateUp,
  migrationStatus,
  type Database,
  type Logger,
} from '@vigil/core';
import type { Config } from '../config.js';
import type { Channel } from '../domain/reminders.js';
import { FOLLOWUP_MIGRATIONS_DIR } from '../migrations.js';
import { NotificationModel } from '../model/notification-model.js';
import { PlanModel } from '../model/plan-model.js';
import type { FollowupDb } from '../model/schema.js';
import type { NotificationAdapter } from '../notify/adapter.js';
import { createStoredAdapters } from '../notify/stored-adapters.js';

/** Resources shared by the logic of every route and by the worker. */
export interface ServiceContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: Database<FollowupDb>;
  readonly plans: PlanModel;
  readonly notifications: NotificationModel;
  /** The notification adapter of each channel. */
  readonly adapters: ReadonlyMap<Channel, NotificationAdapter>;
  /** The clock plans and reminders are computed with (tests drive it). */
  readonly now: () => number;
  /** Releases what the context opened (pools, clients); called once the servers have stopped. */
  close(): Promise<void>;
}

/** Test seams. */
export interface ServiceContextOptions {
  now?: () => number;
  logger?: Logger;
  /** Replaces the configured adapters (tests count or fail sends). */
  adapters?: ReadonlyMap<Channel, NotificationAdapter>;
}

/**
 * Embedded mode migrates at start-up; production expects `vigil migrate` to have run and says
 * so instead of failing later on a missing table.
 */
async function prepareDatabase(config: Config, database: Database<FollowupDb>, logger: Logger) {
  if (config.VigilMode === 'embedded') {
    await migrateUp(database, FOLLOWUP_MIGRATIONS_DIR, { logger });
    return;
  }
  const pending = (await migrationStatus(database, FOLLOWUP_MIGRATIONS_DIR)).filter(
    (m) => m.executedAt === undefined,
  );
  if (pending.length) {
    throw new AppError(
      'CONFIG_INVALID',
      `the followup database has ${pending.length} pending migration(s) (${pending[0]!.name}…); ` +
        'run `vigil migrate` first (production does not migrate at start-up)',
    );
  }
}

/**
 * Builds the context from the config: database, models, adapters. The queue transport belongs
 * to the worker (worker/worker.ts), which is built with the HTTP server's metrics registry.
 */
export async function createServiceContext(
  config: Config,
  options: ServiceContextOptions = {},
): Promise<ServiceContext> {
  const logger = options.logger ?? createLogger({ service: config.Name, level: config.Log.Level });
  const database = createDatabase<FollowupDb>(config.Database, { logger, service: config.Name });
  try {
    await prepareDatabase(config, database, logger);
    return {
      config,
      logger,
      database,
      plans: new PlanModel(database.db),
      notifications: new NotificationModel(database.db),
      adapters: options.adapters ?? createStoredAdapters(),
      now: options.now ?? Date.now,
      async close() {
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

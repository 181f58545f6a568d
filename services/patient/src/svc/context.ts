// Safe to edit: created once by vigilctl, never overwritten. The patient service's
// dependencies (go-zero's ServiceContext): built once at start-up, handed to every logic.
import {
  AppError,
  createCache,
  createDatabase,
  createJwtVerifier,
  createLogger,
  createMetricsRegistry,
  createOutboxRelay,
  createTransport,
  migrateUp,
  migrationStatus,
  serviceQueueConfig,
  type Cache,
  type Database,
  type JwtVerifier,
  type Logger,
  type OutboxRelay,
  type Registry,
  type Transport,
} from '@vigil/core';
import type { Config } from '../config.js';
import { PATIENT_MIGRATIONS_DIR } from '../migrations.js';
import { EnrollmentModel } from '../model/enrollment-model.js';
import { PatientModel } from '../model/patient-model.js';
import { ScheduleModel } from '../model/schedule-model.js';
import type { PatientDb } from '../model/schema.js';
import { TrialModel } from '../model/trial-model.js';
import { seedPatientDemo } from '../seed.js';

/** Resources shared by the logic of every route and RPC method. */
export interface ServiceContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: Database<PatientDb>;
  readonly cache: Cache;
  readonly patients: PatientModel;
  readonly trials: TrialModel;
  readonly schedules: ScheduleModel;
  /** Batch enrolment: patients, audit entries and `patient.enrolled` events in one transaction. */
  readonly enrollment: EnrollmentModel;
  /** Publishes committed outbox events to the broker (wake() it after a commit). */
  readonly relay: OutboxRelay;
  /** The broker the relay publishes to. */
  readonly transport: Transport;
  /** Queue and relay metrics (service.ts adds them to the HTTP server's /metrics). */
  readonly queueRegistry: Registry;
  /** The service's clock (tests drive it). */
  readonly now: () => number;
  /** Verifies the bearer token of gRPC calls (HTTP routes are verified by the REST runtime). */
  readonly verifyToken: JwtVerifier;
  /** Releases what the context opened (pools, clients); called once the servers have stopped. */
  close(): Promise<void>;
}

/** Test seams: a driven clock, a collecting logger. */
export interface ServiceContextOptions {
  now?: () => number;
  logger?: Logger;
}

/**
 * Embedded mode migrates and seeds the demo trial (a fresh database only; the seed is
 * idempotent); production expects `vigil migrate` to have run and says so instead of failing
 * later on a missing table.
 */
async function prepareDatabase(config: Config, database: Database<PatientDb>, logger: Logger) {
  if (config.VigilMode === 'embedded') {
    await migrateUp(database, PATIENT_MIGRATIONS_DIR, { logger });
    await seedPatientDemo(database, { logger });
    return;
  }
  const pending = (await migrationStatus(database, PATIENT_MIGRATIONS_DIR)).filter(
    (m) => m.executedAt === undefined,
  );
  if (pending.length) {
    throw new AppError(
      'CONFIG_INVALID',
      `the patient database has ${pending.length} pending migration(s) (${pending[0]!.name}…); ` +
        'run `vigil migrate` first (production does not migrate at start-up)',
    );
  }
}

/**
 * Builds the context from the config: database, cache, models, token verifier, and the outbox
 * relay (started here, stopped by close()).
 */
export async function createServiceContext(
  config: Config,
  options: ServiceContextOptions = {},
): Promise<ServiceContext> {
  const logger = options.logger ?? createLogger({ service: config.Name, level: config.Log.Level });
  const database = createDatabase<PatientDb>(config.Database, { logger, service: config.Name });
  const cache = createCache(config.Cache, { logger, service: config.Name });
  // Created before the HTTP server exists, so its metrics live in their own registry.
  const queueRegistry = createMetricsRegistry(config.Name, { defaults: false });
  const queue = serviceQueueConfig(config.Queue, config.VigilMode);
  const transport = createTransport(queue, { logger, registry: queueRegistry });
  try {
    await prepareDatabase(config, database, logger);
    const verifyToken = await createJwtVerifier(config.Auth);
    // The relay retries with backoff while the broker is down; events wait in the outbox.
    const relay = createOutboxRelay({
      database,
      transport,
      logger,
      registry: queueRegistry,
      config: queue,
    });
    relay.start();
    return {
      config,
      logger,
      database,
      cache,
      patients: new PatientModel(database, cache, { now: options.now }),
      trials: new TrialModel(database, cache),
      schedules: new ScheduleModel(database),
      enrollment: new EnrollmentModel(database, cache),
      relay,
      transport,
      queueRegistry,
      now: options.now ?? Date.now,
      verifyToken,
      async close() {
        await relay.stop();
        await transport.close();
        await cache.close();
        await database.close();
      },
    };
  } catch (err) {
    await transport.close();
    await cache.close();
    await database.close();
    throw err;
  }
}

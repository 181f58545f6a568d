import path from 'node:path';
import { createLogger, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@vigil/core';
import { databaseEnvVar, type ServiceEntry } from './service-catalog.js';

/** Port of the embedded PostgreSQL (ARCHITECTURE.md ports table). */
export const EMBEDDED_PG_PORT = Number(process.env.VIGIL_EMBEDDED_PG_PORT ?? 5439);

/** The database of the PostgreSQL queue transport every service shares in embedded mode. */
export const QUEUE_DATABASE = 'queue';

/**
 * Embedded mode's one PostgreSQL server under `.vigil/pg`, with a database per service that has
 * one; each service learns its URL from `<NAME>_DATABASE_URL` (unless the caller set it). The
 * `queue` database holds the PostgreSQL queue transport (services' `Queue: Transport: auto`),
 * announced as `VIGIL_QUEUE_DATABASE_URL`.
 */
export async function startEmbeddedDatabases(
  stateDir: string,
  services: ServiceEntry[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<EmbeddedPostgresHandle | undefined> {
  const withDb = services.filter((s) => s.database);
  if (!withDb.length) return undefined;
  const started = Date.now();
  const pg = await startEmbeddedPostgres({
    dir: path.join(stateDir, 'pg'),
    port: EMBEDDED_PG_PORT,
    logger: createLogger({ service: 'vigil-cli', level: 'warn' }),
  });
  for (const service of withDb) {
    const variable = databaseEnvVar(service.name);
    env[variable] ??= await pg.ensureDatabase(service.database!);
  }
  env.VIGIL_QUEUE_DATABASE_URL ??= await pg.ensureDatabase(QUEUE_DATABASE);
  const how = pg.started
    ? `started in ${((Date.now() - started) / 1000).toFixed(1)} s`
    : 'already running, reused';
  print(
    `  ✓ postgres   embedded on 127.0.0.1:${pg.port} (${how}; databases: ${[...withDb.map((s) => s.database), QUEUE_DATABASE].join(', ')})`,
  );
  return pg;
}

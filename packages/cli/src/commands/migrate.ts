import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createDatabase, createLogger, migrateUp, migrationStatus } from '@vigil/core';
import { repoRoot } from '../repo-root.js';
import { EMBEDDED_PG_PORT } from '../supervisor/embedded-databases.js';
import {
  databaseEnvVar,
  discoverServices,
  type ServiceEntry,
} from '../supervisor/service-catalog.js';

interface MigrateOptions {
  service?: string;
  databaseUrl?: string;
  status: boolean;
}

/** The DataSource of a service: `--database-url`, its env variable, else the embedded server. */
function dataSourceOf(service: ServiceEntry, explicit: string | undefined): string {
  return (
    explicit ??
    process.env[databaseEnvVar(service.name)] ??
    `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/${service.database}`
  );
}

/** `vigil migrate [--service NAME] [--status]`: apply (or list) each service's migrations. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'apply pending database migrations of every service (or one), or show their status',
    )
    .option('--service <name>', 'only this service')
    .option(
      '--database-url <url>',
      'DataSource to migrate (default: <SERVICE>_DATABASE_URL, else embedded)',
    )
    .option('--status', 'list applied and pending migrations instead of applying', false)
    .action(async (options: MigrateOptions) => {
      const services = discoverServices(repoRoot()).filter(
        (s) =>
          s.database &&
          existsSync(path.join(s.dir, 'migrations')) &&
          (!options.service || s.name === options.service),
      );
      if (options.service && !services.length)
        throw new Error(`no service "${options.service}" with migrations`);
      if (options.databaseUrl && services.length > 1)
        throw new Error('--database-url needs --service');
      const logger = createLogger({ service: 'vigil-migrate', level: 'warn' });
      for (const service of services) {
        const url = dataSourceOf(service, options.databaseUrl);
        const database = createDatabase({ DataSource: url }, { logger, service: service.name });
        const dir = path.join(service.dir, 'migrations');
        try {
          if (options.status) {
            const states = await migrationStatus(database, dir);
            process.stdout.write(`${service.name}:\n`);
            for (const s of states) {
              process.stdout.write(
                `  ${s.executedAt ? `applied ${s.executedAt.toISOString()}` : 'pending'.padEnd(32)}  ${s.name}\n`,
              );
            }
          } else {
            process.stdout.write(`${service.name}: migrating… `);
            const ran = await migrateUp(database, dir, { logger });
            process.stdout.write(
              ran.length ? `applied ${ran.length}: ${ran.join(', ')}\n` : 'up to date\n',
            );
          }
        } finally {
          await database.close();
        }
      }
    });
}

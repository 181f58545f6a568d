import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The followup service's migrations folder (`services/followup/migrations`, compiled next to
 * `dist/src`), for `migrateUp(database, FOLLOWUP_MIGRATIONS_DIR)` at embedded start-up and
 * `vigil migrate`.
 */
export const FOLLOWUP_MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'migrations',
);

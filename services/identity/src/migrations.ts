import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * identity's migrations folder (`services/identity/migrations`, compiled next to `dist/src`),
 * for `migrateUp(database, IDENTITY_MIGRATIONS_DIR)` at embedded start-up and `vigil migrate`.
 */
export const IDENTITY_MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'migrations',
);

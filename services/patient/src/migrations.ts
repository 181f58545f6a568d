import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The patient service's migrations folder (`services/patient/migrations`, compiled next to
 * `dist/src`), for `migrateUp(database, PATIENT_MIGRATIONS_DIR)` at embedded start-up and
 * `vigil migrate`.
 */
export const PATIENT_MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'migrations',
);

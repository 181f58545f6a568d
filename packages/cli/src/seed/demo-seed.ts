import { createDatabase, createLogger, migrateUp } from '@vigil/core';
import { seedIdentityDemo, type IdentityTables } from '@vigil/identity';
import { PATIENT_MIGRATIONS_DIR, seedPatientDemo, type PatientDb } from '@vigil/patient';
import { EMBEDDED_PG_PORT } from '../supervisor/embedded-databases.js';

/** The demo logins `vigil start` prints (embedded mode only). */
export const DEMO_LOGINS = [
  { username: 'admin', role: 'admin', scope: 'everything' },
  { username: 'monitor', role: 'central monitor', scope: 'every site, personal data masked' },
  { username: 'investigator', role: 'investigator', scope: 'site S01' },
  { username: 'coordinator', role: 'coordinator', scope: 'site S02' },
  { username: 'patient', role: 'patient', scope: 'own record (P-S01-001)' },
] as const;

export const DEMO_PASSWORD_TEXT = 'vigil-demo';

/** The patient the demo `patient` user is (seeded by the patient service's demo data). */
const DEMO_PATIENT_ID = 'P-S01-001';

function embeddedUrl(db: string): string {
  return `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/${db}`;
}

/**
 * Seeds the demo trial: patient data first (trial VIG-001, sites S01–S05, 40 patients each),
 * then the users, whose `patient` login is linked to an S01 patient. Each service's migrations
 * run first; both seeds are idempotent.
 */
export async function seedDemo(
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<void> {
  const logger = createLogger({ service: 'vigil-seed', level: 'warn' });
  const patientUrl = env.PATIENT_DATABASE_URL ?? embeddedUrl('patient');
  const patientDb = createDatabase<PatientDb>(
    { DataSource: patientUrl },
    { logger, service: 'patient' },
  );
  try {
    await migrateUp(patientDb, PATIENT_MIGRATIONS_DIR, { logger });
    const result = await seedPatientDemo(patientDb, { logger });
    print(
      `  ✓ demo data  ${result.seeded ? `trial VIG-001, 5 sites, ${result.patients} patients` : 'already present'}`,
    );
  } finally {
    await patientDb.close();
  }
  const identityUrl = env.IDENTITY_DATABASE_URL ?? embeddedUrl('identity');
  const identityDb = createDatabase<IdentityTables>(
    { DataSource: identityUrl },
    { logger, service: 'identity' },
  );
  try {
    const users = await seedIdentityDemo(identityDb, { patientId: DEMO_PATIENT_ID });
    print(
      `  ✓ demo users ${users.created.length ? `created ${users.created.join(', ')}` : 'already present'}`,
    );
  } finally {
    await identityDb.close();
  }
}

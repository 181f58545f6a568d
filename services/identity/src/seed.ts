import { randomUUID } from 'node:crypto';
import { AppError, migrateUp } from '@vigil/core';
import {
  checkNewPassword,
  createArgon2Hasher,
  DEMO_PASSWORD,
  type PasswordHasher,
} from './domain/password.js';
import {
  checkRoles,
  checkSites,
  checkUsername,
  normalizeUsername,
  type Role,
} from './domain/user-rules.js';
import { IDENTITY_MIGRATIONS_DIR } from './migrations.js';
import type { IdentityDatabase } from './model/schema.js';
import { findUserByUsername, insertUser } from './model/user-model.js';

/** Options of {@link seedIdentityDemo}. */
export interface SeedIdentityDemoOptions {
  /** The demo password (embedded mode only accepts it); default `vigil-demo`. */
  password?: string;
  /** The S01 patient (patient service id) the `patient` user is linked to. */
  patientId?: string;
  /** Sites of the investigator (default S01) and the coordinator (default S02). */
  investigatorSites?: readonly string[];
  coordinatorSites?: readonly string[];
  hasher?: PasswordHasher;
}

/** What {@link seedIdentityDemo} did, per username. */
export interface SeedIdentityDemoResult {
  created: string[];
  existing: string[];
}

// OWASP's argon2id minimum, as Identity.Password defaults.
const defaultCost = { memoryCostKiB: 19_456, timeCost: 2 };

async function ensureUser(
  database: IdentityDatabase,
  hasher: PasswordHasher,
  user: { username: string; password: string; roles: Role[]; sites: string[]; patientId?: string },
  result: SeedIdentityDemoResult,
): Promise<void> {
  if (await findUserByUsername(database.db, user.username)) {
    result.existing.push(user.username);
    return;
  }
  try {
    await insertUser(database, {
      id: randomUUID(),
      username: user.username,
      passwordHash: await hasher.hash(user.password),
      patientId: user.patientId,
      isDemo: true,
      roles: user.roles,
      sites: user.sites,
      now: new Date(),
    });
    result.created.push(user.username);
  } catch (err) {
    // Another seeder created it between our read and insert: that is the idempotent outcome.
    if (err instanceof AppError && err.code === 'CONFLICT') result.existing.push(user.username);
    else throw err;
  }
}

/**
 * Creates the demo users `admin`, `monitor` (central monitor: every site, personal data masked),
 * `investigator` (S01), `coordinator` (S02) and, given `patientId`, `patient` — all with the demo
 * password and the demo marker, so production mode refuses to start while they exist. Runs
 * identity's migrations first. Idempotent: existing usernames are left as they are.
 */
export async function seedIdentityDemo(
  database: IdentityDatabase,
  options: SeedIdentityDemoOptions = {},
): Promise<SeedIdentityDemoResult> {
  await migrateUp(database, IDENTITY_MIGRATIONS_DIR);
  const hasher = options.hasher ?? createArgon2Hasher(defaultCost);
  const password = options.password ?? DEMO_PASSWORD;
  const result: SeedIdentityDemoResult = { created: [], existing: [] };
  const users = [
    { username: 'admin', roles: ['admin'] as Role[], sites: [] as string[] },
    { username: 'monitor', roles: ['monitor'] as Role[], sites: [] },
    {
      username: 'investigator',
      roles: ['investigator'] as Role[],
      sites: checkSites(options.investigatorSites ?? ['S01']),
    },
    {
      username: 'coordinator',
      roles: ['coordinator'] as Role[],
      sites: checkSites(options.coordinatorSites ?? ['S02']),
    },
  ];
  for (const user of users) await ensureUser(database, hasher, { ...user, password }, result);
  if (options.patientId !== undefined) {
    checkRoles(['patient'], options.patientId);
    await ensureUser(
      database,
      hasher,
      {
        username: 'patient',
        password,
        roles: ['patient'],
        sites: checkSites(options.investigatorSites ?? ['S01']),
        patientId: options.patientId,
      },
      result,
    );
  }
  return result;
}

/**
 * Creates an admin account (for `vigil create-admin` in production, where the demo users are
 * refused). Runs identity's migrations first; `CONFLICT` if the username exists.
 */
export async function createAdminUser(
  database: IdentityDatabase,
  input: {
    username: string;
    password: string;
    minPasswordLength?: number;
    hasher?: PasswordHasher;
  },
): Promise<{ id: string; username: string }> {
  await migrateUp(database, IDENTITY_MIGRATIONS_DIR);
  const username = normalizeUsername(input.username);
  checkUsername(username);
  checkNewPassword(input.password, { minLength: input.minPasswordLength ?? 10, allowDemo: false });
  const hasher = input.hasher ?? createArgon2Hasher(defaultCost);
  const id = randomUUID();
  await insertUser(database, {
    id,
    username,
    passwordHash: await hasher.hash(input.password),
    roles: ['admin'],
    sites: [],
    now: new Date(),
  });
  return { id, username };
}

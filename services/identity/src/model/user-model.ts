import { AppError } from '@vigil/core';
import type { Kysely } from 'kysely';
import {
  isUniqueViolation,
  toBool,
  type IdentityDatabase,
  type IdentityTables,
  type UserTable,
} from './schema.js';

/** A user with roles and site assignments, as the domain works with it. */
export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly passwordHash: string;
  readonly patientId: string | undefined;
  readonly isDemo: boolean;
  readonly disabled: boolean;
  readonly roles: readonly string[];
  readonly sites: readonly string[];
}

/** What {@link insertUser} stores. */
export interface NewUser {
  readonly id: string;
  readonly username: string;
  readonly passwordHash: string;
  readonly patientId?: string | undefined;
  readonly isDemo?: boolean;
  readonly roles: readonly string[];
  readonly sites: readonly string[];
  readonly now: Date;
}

type Db = Kysely<IdentityTables>;
type UserRow = Pick<
  UserTable,
  'id' | 'username' | 'password_hash' | 'patient_id' | 'created_at' | 'updated_at'
> & { is_demo: boolean | number; disabled: boolean | number };

const USER_COLUMNS = [
  'id',
  'username',
  'password_hash',
  'patient_id',
  'is_demo',
  'disabled',
  'created_at',
  'updated_at',
] as const;

/** Roles and sites of several users in two queries, keyed by user id. */
async function assignmentsOf(db: Db, ids: readonly string[]) {
  const roles = new Map<string, string[]>();
  const sites = new Map<string, string[]>();
  if (!ids.length) return { roles, sites };
  const [roleRows, siteRows] = await Promise.all([
    db
      .selectFrom('identity_user_role')
      .select(['user_id', 'role'])
      .where('user_id', 'in', ids)
      .orderBy('role')
      .execute(),
    db
      .selectFrom('identity_site_assignment')
      .select(['user_id', 'site_id'])
      .where('user_id', 'in', ids)
      .orderBy('site_id')
      .execute(),
  ]);
  for (const r of roleRows) roles.set(r.user_id, [...(roles.get(r.user_id) ?? []), r.role]);
  for (const s of siteRows) sites.set(s.user_id, [...(sites.get(s.user_id) ?? []), s.site_id]);
  return { roles, sites };
}

async function withAssignments(db: Db, rows: UserRow[]): Promise<UserRecord[]> {
  const { roles, sites } = await assignmentsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    patientId: row.patient_id ?? undefined,
    isDemo: toBool(row.is_demo),
    disabled: toBool(row.disabled),
    roles: roles.get(row.id) ?? [],
    sites: sites.get(row.id) ?? [],
  }));
}

/** The user with this (already normalized) username, or undefined. */
export async function findUserByUsername(
  db: Db,
  username: string,
): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('identity_user')
    .select(USER_COLUMNS)
    .where('username', '=', username)
    .executeTakeFirst();
  return row ? (await withAssignments(db, [row]))[0] : undefined;
}

/** The user with this id, or undefined. */
export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('identity_user')
    .select(USER_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (await withAssignments(db, [row]))[0] : undefined;
}

/** One page of users ordered by username, and the total count. */
export async function listUsers(
  db: Db,
  page: { offset: number; limit: number },
): Promise<{ users: UserRecord[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('identity_user')
      .select(USER_COLUMNS)
      .orderBy('username')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('identity_user')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { users: await withAssignments(db, rows), total: Number(count.n) };
}

/** Inserts a user with roles and sites in one transaction; `CONFLICT` if the username exists. */
export async function insertUser(database: IdentityDatabase, user: NewUser): Promise<void> {
  try {
    await database.transaction(async (trx) => {
      await trx
        .insertInto('identity_user')
        .values({
          id: user.id,
          username: user.username,
          password_hash: user.passwordHash,
          patient_id: user.patientId ?? null,
          is_demo: user.isDemo ?? false,
          disabled: false,
          created_at: user.now,
          updated_at: user.now,
        })
        .execute();
      await insertRoles(trx, user.id, user.roles);
      await insertSites(trx, user.id, user.sites);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'A user with this username already exists', { cause: err });
    }
    throw err;
  }
}

async function insertRoles(db: Db, userId: string, roles: readonly string[]): Promise<void> {
  if (!roles.length) return;
  await db
    .insertInto('identity_user_role')
    .values(roles.map((role) => ({ user_id: userId, role })))
    .execute();
}

async function insertSites(db: Db, userId: string, sites: readonly string[]): Promise<void> {
  if (!sites.length) return;
  await db
    .insertInto('identity_site_assignment')
    .values(sites.map((site_id) => ({ user_id: userId, site_id })))
    .execute();
}

async function touch(db: Db, userId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('identity_user')
    .set({ updated_at: now })
    .where('id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Replaces a user's site assignments; false when the user does not exist. */
export async function replaceSites(
  database: IdentityDatabase,
  userId: string,
  sites: readonly string[],
  now: Date,
): Promise<boolean> {
  return database.transaction(async (trx) => {
    if (!(await touch(trx, userId, now))) return false;
    await trx.deleteFrom('identity_site_assignment').where('user_id', '=', userId).execute();
    await insertSites(trx, userId, sites);
    return true;
  });
}

/** Replaces a user's roles; false when the user does not exist. */
export async function replaceRoles(
  database: IdentityDatabase,
  userId: string,
  roles: readonly string[],
  now: Date,
): Promise<boolean> {
  return database.transaction(async (trx) => {
    if (!(await touch(trx, userId, now))) return false;
    await trx.deleteFrom('identity_user_role').where('user_id', '=', userId).execute();
    await insertRoles(trx, userId, roles);
    return true;
  });
}

/** Stores a new password hash and clears the demo marker; false when the user does not exist. */
export async function updatePasswordHash(
  db: Db,
  userId: string,
  passwordHash: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('identity_user')
    .set({ password_hash: passwordHash, is_demo: false, updated_at: now })
    .where('id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** How many users still carry the demo marker (production refuses to start with any). */
export async function countDemoUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('identity_user')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('is_demo', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

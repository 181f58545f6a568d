import type { IdentityDatabase } from './schema.js';

/** The outcome of {@link reserveLoginAttempt}. */
export type Reservation = { allowed: true } | { allowed: false; until: Date };

/** Limits of the lockout policy, with the clock's "now". */
export interface ThrottleLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly now: Date;
}

/**
 * Counts one login attempt against `key` before the password is checked, so a burst of parallel
 * guesses cannot exceed `maxFailures` (a success deletes the counter again). Built from single-row
 * atomic statements rather than SELECT … FOR UPDATE, which deadlocks on MySQL when two first
 * attempts race on a missing row (gap locks).
 */
export async function reserveLoginAttempt(
  database: IdentityDatabase,
  key: string,
  limits: ThrottleLimits,
): Promise<Reservation> {
  const { db } = database;
  const { now } = limits;
  const fresh = { username_key: key, failures: 0, window_started_at: now, locked_until: null };
  if (database.dialect === 'postgres') {
    await db
      .insertInto('identity_login_throttle')
      .values(fresh)
      .onConflict((oc) => oc.column('username_key').doNothing())
      .execute();
  } else {
    await db.insertInto('identity_login_throttle').values(fresh).ignore().execute();
  }
  // A window that has passed, or a lock that has ended, starts counting afresh.
  const windowStart = new Date(now.getTime() - limits.windowMs);
  await db
    .updateTable('identity_login_throttle')
    .set({ failures: 0, window_started_at: now, locked_until: null })
    .where('username_key', '=', key)
    .where((eb) =>
      eb.or([
        eb.and([eb('window_started_at', '<=', windowStart), eb('locked_until', 'is', null)]),
        eb('locked_until', '<=', now),
      ]),
    )
    .execute();
  const reserved = await db
    .updateTable('identity_login_throttle')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('username_key', '=', key)
    .where('failures', '<', limits.maxFailures)
    .where('locked_until', 'is', null)
    .executeTakeFirst();
  if (reserved.numUpdatedRows === 1n) return { allowed: true };
  const row = await db
    .selectFrom('identity_login_throttle')
    .select(['window_started_at', 'locked_until'])
    .where('username_key', '=', key)
    .executeTakeFirst();
  // No lock recorded yet means maxFailures attempts are still in flight: locked until the window ends.
  const until =
    row?.locked_until ?? new Date((row?.window_started_at ?? now).getTime() + limits.windowMs);
  return { allowed: false, until };
}

/**
 * After a failed attempt: once `maxFailures` attempts of the window have been counted, lock
 * until `lockedUntil`. An existing lock is never extended, so the lock ends on time.
 */
export async function lockIfExhausted(
  database: IdentityDatabase,
  key: string,
  maxFailures: number,
  lockedUntil: Date,
): Promise<boolean> {
  const result = await database.db
    .updateTable('identity_login_throttle')
    .set({ locked_until: lockedUntil })
    .where('username_key', '=', key)
    .where('failures', '>=', maxFailures)
    .where('locked_until', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** After a successful login: forget the counter. */
export async function clearLoginAttempts(database: IdentityDatabase, key: string): Promise<void> {
  await database.db.deleteFrom('identity_login_throttle').where('username_key', '=', key).execute();
}

/** Deletes counters whose window and lock have both ended before `before` (housekeeping). */
export async function deleteStaleLoginThrottles(
  database: IdentityDatabase,
  before: Date,
): Promise<number> {
  const result = await database.db
    .deleteFrom('identity_login_throttle')
    .where('window_started_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

import { AppError } from '@vigil/core';
import type { IdentityDatabase } from '../model/schema.js';
import { countDemoUsers } from '../model/user-model.js';

/**
 * Production start-up guard: demo users (seeded with the published demo password) must not
 * exist outside embedded mode. Chosen over silently refusing their logins so an operator cannot
 * miss it; fix with {@link purgeDemoUsers} (or set their passwords in embedded mode first).
 */
export async function assertNoDemoUsers(database: IdentityDatabase): Promise<void> {
  const count = await countDemoUsers(database.db);
  if (count > 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `production mode refuses to start: ${count} demo user(s) with the published demo password ` +
        'exist; delete them (purgeDemoUsers, or DELETE FROM identity_user WHERE is_demo) or ' +
        'start with VIGIL_MODE=embedded',
    );
  }
}

/** Deletes every user that still carries the demo marker (their tokens and assignments cascade). */
export async function purgeDemoUsers(database: IdentityDatabase): Promise<number> {
  const result = await database.db
    .deleteFrom('identity_user')
    .where('is_demo', '=', true)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

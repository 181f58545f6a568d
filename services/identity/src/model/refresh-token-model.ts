import type { Kysely } from 'kysely';
import type { IdentityTables, RefreshTokenTable } from './schema.js';

type Db = Kysely<IdentityTables>;

/** A stored refresh token (only its hash is stored). */
export interface RefreshTokenRecord {
  readonly id: string;
  readonly familyId: string;
  readonly userId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly familyExpiresAt: Date;
  readonly usedAt: Date | undefined;
  readonly revokedAt: Date | undefined;
}

/** What {@link insertRefreshToken} stores. */
export interface NewRefreshToken {
  readonly id: string;
  readonly tokenHash: string;
  readonly familyId: string;
  readonly userId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly familyExpiresAt: Date;
}

function toRecord(row: RefreshTokenTable): RefreshTokenRecord {
  return {
    id: row.id,
    familyId: row.family_id,
    userId: row.user_id,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    familyExpiresAt: row.family_expires_at,
    usedAt: row.used_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}

/** Stores a refresh token's hash and its family. */
export async function insertRefreshToken(db: Db, token: NewRefreshToken): Promise<void> {
  await db
    .insertInto('identity_refresh_token')
    .values({
      id: token.id,
      token_hash: token.tokenHash,
      family_id: token.familyId,
      user_id: token.userId,
      issued_at: token.issuedAt,
      expires_at: token.expiresAt,
      family_expires_at: token.familyExpiresAt,
      used_at: null,
      revoked_at: null,
    })
    .execute();
}

/** The token with this hash, spent or not, or undefined. */
export async function findRefreshToken(
  db: Db,
  tokenHash: string,
): Promise<RefreshTokenRecord | undefined> {
  const row = await db
    .selectFrom('identity_refresh_token')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/**
 * Marks the token spent if, and only if, it is still live (unused, unrevoked, unexpired) — one
 * conditional UPDATE, so two concurrent refreshes with the same token cannot both win.
 */
export async function spendRefreshToken(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('identity_refresh_token')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('family_expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Revokes every still-unrevoked token of a family; resolves with how many. */
export async function revokeFamily(db: Db, familyId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('identity_refresh_token')
    .set({ revoked_at: now })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Revokes every refresh token of a user (password change, disabled account). */
export async function revokeUserTokens(db: Db, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('identity_refresh_token')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Deletes tokens whose family ended before `before`. Keep spent tokens until then: a spent
 * token presented again must still be recognised as reuse.
 */
export async function deleteExpiredRefreshTokens(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('identity_refresh_token')
    .where('family_expires_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

import { AppError } from '@vigil/core';
import type { Kysely } from 'kysely';
import type { IdentityDatabase, IdentityTables, SigningKeyTable } from './schema.js';

type Db = Kysely<IdentityTables>;

/** A stored signing key; `privateKey` is the stored (possibly encrypted) text. */
export interface SigningKeyRecord {
  readonly kid: string;
  readonly alg: string;
  readonly publicJwk: string;
  readonly privateKey: string;
  readonly createdAt: Date;
  readonly retiredAt: Date | undefined;
}

function toRecord(row: SigningKeyTable): SigningKeyRecord {
  return {
    kid: row.kid,
    alg: row.alg,
    publicJwk: row.public_jwk,
    privateKey: row.private_key,
    createdAt: row.created_at,
    retiredAt: row.retired_at ?? undefined,
  };
}

function toRow(key: SigningKeyRecord): SigningKeyTable {
  return {
    kid: key.kid,
    alg: key.alg,
    public_jwk: key.publicJwk,
    private_key: key.privateKey,
    created_at: key.createdAt,
    retired_at: key.retiredAt ?? null,
  };
}

/**
 * Keys still worth publishing: unretired ones, and those retired after `retiredAfter` (their
 * tokens may still be live). Newest first; the first unretired one is the signing key.
 */
export async function listPublishedKeys(db: Db, retiredAfter: Date): Promise<SigningKeyRecord[]> {
  const rows = await db
    .selectFrom('identity_signing_key')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredAfter)]))
    .orderBy('created_at', 'desc')
    .orderBy('kid', 'desc')
    .execute();
  return rows.map(toRecord);
}

/** Stores the first signing key. */
export async function insertSigningKey(db: Db, key: SigningKeyRecord): Promise<void> {
  await db.insertInto('identity_signing_key').values(toRow(key)).execute();
}

/**
 * Retires `currentKid` and stores `next` in one transaction. `CONFLICT` when `currentKid` was
 * already retired (another replica rotated first), so two rotations never both win.
 */
export async function rotateSigningKey(
  database: IdentityDatabase,
  currentKid: string | undefined,
  next: SigningKeyRecord,
): Promise<void> {
  await database.transaction(async (trx) => {
    if (currentKid !== undefined) {
      const retired = await trx
        .updateTable('identity_signing_key')
        .set({ retired_at: next.createdAt })
        .where('kid', '=', currentKid)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (retired.numUpdatedRows !== 1n) {
        throw new AppError('CONFLICT', 'The signing key was rotated concurrently');
      }
    }
    await trx.insertInto('identity_signing_key').values(toRow(next)).execute();
  });
}

/** Deletes keys retired before `before`: no live token can carry their kid any more. */
export async function deleteRetiredKeys(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('identity_signing_key')
    .where('retired_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

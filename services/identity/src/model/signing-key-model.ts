import type { Kysely } from 'kysely';
import type { IdentityTables, SigningKeyTable } from './schema.js';

type Db = Kysely<IdentityTables>;

/** A stored signing key; `privateKey` is the stored (possibly encrypted) text. */
export interface SigningKeyRecord {
  readonly kid: string;
  readonly alg: string;
  readonly publicJwk: string;
  readonly privateKey: string;
  /** Published in the JWKS from here on. */
  readonly createdAt: Date;
  /** Signs from here on (until a newer key activates). */
  readonly activatesAt: Date;
}

function toRecord(row: SigningKeyTable): SigningKeyRecord {
  return {
    kid: row.kid,
    alg: row.alg,
    publicJwk: row.public_jwk,
    privateKey: row.private_key,
    createdAt: row.created_at,
    activatesAt: row.activates_at,
  };
}

/** Every stored key, newest activation first (ties: highest kid, so replicas agree). */
export async function listSigningKeys(db: Db): Promise<SigningKeyRecord[]> {
  const rows = await db
    .selectFrom('identity_signing_key')
    .selectAll()
    .orderBy('activates_at', 'desc')
    .orderBy('kid', 'desc')
    .execute();
  return rows.map(toRecord);
}

/** Stores a key. */
export async function insertSigningKey(db: Db, key: SigningKeyRecord): Promise<void> {
  await db
    .insertInto('identity_signing_key')
    .values({
      kid: key.kid,
      alg: key.alg,
      public_jwk: key.publicJwk,
      private_key: key.privateKey,
      created_at: key.createdAt,
      activates_at: key.activatesAt,
    })
    .execute();
}

/** Deletes these keys (ones no live token can carry any more). */
export async function deleteSigningKeys(db: Db, kids: readonly string[]): Promise<number> {
  if (!kids.length) return 0;
  const result = await db
    .deleteFrom('identity_signing_key')
    .where('kid', 'in', kids)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

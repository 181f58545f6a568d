import type { Database } from '@vigil/core';
import type { Generated } from 'kysely';

/**
 * MySQL answers BOOLEAN columns as TINYINT (0/1); PostgreSQL as true/false. Read with
 * {@link toBool}.
 */
export type DbBool = boolean | number;

/** `identity_user`: see migrations/0001. */
export interface UserTable {
  id: string;
  username: string;
  password_hash: string;
  patient_id: string | null;
  is_demo: Generated<DbBool>;
  disabled: Generated<DbBool>;
  created_at: Date;
  updated_at: Date;
}

/** `identity_user_role`. */
export interface UserRoleTable {
  user_id: string;
  role: string;
}

/** `identity_site_assignment`. */
export interface SiteAssignmentTable {
  user_id: string;
  site_id: string;
}

/** `identity_refresh_token`: see migrations/0004. */
export interface RefreshTokenTable {
  id: string;
  token_hash: string;
  family_id: string;
  user_id: string;
  issued_at: Date;
  expires_at: Date;
  family_expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

/** `identity_login_throttle`: see migrations/0007. */
export interface LoginThrottleTable {
  username_key: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

/** `identity_signing_key`: see migrations/0008. */
export interface SigningKeyTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_key: string;
  created_at: Date;
  activates_at: Date;
}

/** The identity database's tables, for Kysely. */
export interface IdentityTables {
  identity_user: UserTable;
  identity_user_role: UserRoleTable;
  identity_site_assignment: SiteAssignmentTable;
  identity_refresh_token: RefreshTokenTable;
  identity_login_throttle: LoginThrottleTable;
  identity_signing_key: SigningKeyTable;
}

/** Identity's database handle. */
export type IdentityDatabase = Database<IdentityTables>;

/** Reads a boolean column on either dialect. */
export function toBool(value: DbBool): boolean {
  return value === true || value === 1;
}

/** True for a unique-key violation on PostgreSQL (23505) or MySQL/MariaDB (1062). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  return e?.code === '23505' || e?.errno === 1062 || e?.code === 'ER_DUP_ENTRY';
}

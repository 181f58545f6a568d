import { AppError, type ErrorDetail } from '@vigil/core';

/** Every role identity knows (MISSION: admin, central monitor, investigator, coordinator, patient). */
export const ROLES = ['admin', 'monitor', 'investigator', 'coordinator', 'patient'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const SITE_ID = /^[A-Za-z0-9_-]{1,32}$/;
const PATIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The form usernames are stored and compared in: Unicode NFKC, trimmed, lower case, so `Admin`
 * and `admin` are one account on PostgreSQL as on MySQL's case-insensitive collations.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

function fail(details: ErrorDetail[]): never {
  throw new AppError('VALIDATION_FAILED', details.map((d) => `${d.field} ${d.reason}`).join('; '), {
    details,
  });
}

/** Checks a normalized username for a new account. */
export function checkUsername(username: string): void {
  if (!USERNAME.test(username)) {
    fail([
      {
        field: 'username',
        reason: 'must be 3-64 characters: letters, digits, ".", "_" or "-", starting alphanumeric',
      },
    ]);
  }
}

/** Checks a site list; returns it sorted without duplicates. */
export function checkSites(sites: readonly string[]): string[] {
  const bad = sites.filter((s) => !SITE_ID.test(s));
  if (bad.length)
    fail([{ field: 'sites', reason: 'site ids are 1-32 letters, digits, "_" or "-"' }]);
  return [...new Set(sites)].sort();
}

/**
 * Checks roles with the patient link: at least one known role; `patient` stands alone and needs
 * `patientId` (a patient sees only their own record); staff roles have no `patientId`.
 * Returns the roles sorted without duplicates.
 */
export function checkRoles(roles: readonly string[], patientId: string | undefined): Role[] {
  const details: ErrorDetail[] = [];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) details.push({ field: 'roles', reason: `must be among ${ROLES.join(', ')}` });
  if (!roles.length) details.push({ field: 'roles', reason: 'must name at least one role' });
  const set = [...new Set(roles)].sort() as Role[];
  if (set.includes('patient')) {
    if (set.length > 1) details.push({ field: 'roles', reason: 'patient cannot be combined' });
    if (patientId === undefined) {
      details.push({ field: 'patientId', reason: 'is required for the patient role' });
    } else if (!PATIENT_ID.test(patientId)) {
      details.push({ field: 'patientId', reason: 'is 1-64 letters, digits, "_" or "-"' });
    }
  } else if (patientId !== undefined) {
    details.push({ field: 'patientId', reason: 'is only for the patient role' });
  }
  if (details.length) fail(details);
  return set;
}

import { AppError, type AuthClaims } from '@vigil/core';

/**
 * Who may see and change which patient: every role and site decision of the service is made
 * here, so HTTP and gRPC (and lists, reads, writes, history) cannot disagree.
 *
 * - `admin`, `monitor`: every site, personal data masked; read only.
 * - `investigator`, `coordinator`: the sites in the token's `sites` claim, unmasked; may create
 *   and update patients there.
 * - `patient`: the one patient named by the token's `patientId` claim, unmasked; read only.
 *
 * A patient outside the caller's scope is reported as not found (`PATIENT_NOT_FOUND`), so a
 * site's enrolment is not revealed to other sites.
 */
export const ROLES = ['admin', 'monitor', 'investigator', 'coordinator', 'patient'] as const;

/** A role the patient service knows; other roles in a token grant nothing here. */
export type Role = (typeof ROLES)[number];

/** The caller, as the scope rules need it. */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly sites: readonly string[];
  /** Set for `patient` users: their own patient id. */
  readonly patientId: string | undefined;
}

/** What decides a patient's visibility: its id and its site. */
export interface ScopedPatient {
  readonly id: string;
  readonly siteId: string;
}

/** How the caller sees a patient: unmasked, masked, or not at all (reported as not found). */
export type Visibility = 'full' | 'masked' | 'hidden';

/** What a list may return: every site, or the union of some sites and some patient ids. */
export interface ListScope {
  readonly allSites: boolean;
  readonly siteIds: readonly string[];
  readonly patientIds: readonly string[];
}

const SITE_ROLES: readonly Role[] = ['investigator', 'coordinator'];
const ALL_SITE_ROLES: readonly Role[] = ['admin', 'monitor'];

/** The principal of a verified token (`patientId` is a custom claim). */
export function principalFromClaims(claims: AuthClaims): Principal {
  const patientId = claims.claims.patientId;
  return {
    sub: claims.sub,
    roles: claims.roles,
    sites: claims.sites,
    patientId: typeof patientId === 'string' && patientId !== '' ? patientId : undefined,
  };
}

function has(p: Principal, roles: readonly Role[]): boolean {
  return p.roles.some((r) => (roles as readonly string[]).includes(r));
}

/** The site role (`investigator` or `coordinator`) giving `p` write access to `siteId`, if any. */
export function siteRoleAt(p: Principal, siteId: string): Role | undefined {
  if (!p.sites.includes(siteId)) return undefined;
  return SITE_ROLES.find((r) => p.roles.includes(r));
}

/** The most open view any of the caller's roles gives of `patient`. */
export function patientVisibility(p: Principal, patient: ScopedPatient): Visibility {
  if (siteRoleAt(p, patient.siteId)) return 'full';
  if (p.roles.includes('patient') && p.patientId === patient.id) return 'full';
  if (has(p, ALL_SITE_ROLES)) return 'masked';
  return 'hidden';
}

/** Throws `PATIENT_NOT_FOUND` unless the caller may see `patient`; returns how. */
export function requireVisible(p: Principal, patient: ScopedPatient): 'full' | 'masked' {
  const visibility = patientVisibility(p, patient);
  if (visibility === 'hidden') throw new AppError('PATIENT_NOT_FOUND');
  return visibility;
}

/** The filter a patient list applies for the caller (empty = nothing visible). */
export function listScope(p: Principal): ListScope {
  if (has(p, ALL_SITE_ROLES)) return { allSites: true, siteIds: [], patientIds: [] };
  const siteIds = has(p, SITE_ROLES) ? [...new Set(p.sites)] : [];
  const patientIds = p.roles.includes('patient') && p.patientId ? [p.patientId] : [];
  return { allSites: false, siteIds, patientIds };
}

/** True when the caller's site list covers `siteId` (sites listing; sites are not secret data). */
export function siteVisible(p: Principal, siteId: string, ownPatientSiteId?: string): boolean {
  if (has(p, ALL_SITE_ROLES)) return true;
  if (has(p, SITE_ROLES) && p.sites.includes(siteId)) return true;
  return ownPatientSiteId !== undefined && siteId === ownPatientSiteId;
}

/**
 * The role a create at `siteId` is made under (for the audit entry); `FORBIDDEN` unless the
 * caller is an investigator or coordinator of that site.
 */
export function authorizeCreate(p: Principal, siteId: string): Role {
  const role = siteRoleAt(p, siteId);
  if (!role) {
    throw new AppError('FORBIDDEN', 'Only investigators and coordinators of the site may enrol');
  }
  return role;
}

/**
 * The role an update of `patient` is made under. A caller who cannot see the patient gets
 * `PATIENT_NOT_FOUND` (existence not revealed); one who can see it but not change it (monitor,
 * admin, the patient) gets `FORBIDDEN`. A transfer (`nextSiteId`) needs a site role at both
 * sites.
 */
export function authorizeUpdate(p: Principal, patient: ScopedPatient, nextSiteId?: string): Role {
  requireVisible(p, patient);
  const role = siteRoleAt(p, patient.siteId);
  if (!role) {
    throw new AppError('FORBIDDEN', 'Only investigators and coordinators of the site may update');
  }
  if (nextSiteId !== undefined && nextSiteId !== patient.siteId && !siteRoleAt(p, nextSiteId)) {
    throw new AppError('FORBIDDEN', 'A transfer needs a site role at the receiving site');
  }
  return role;
}

/**
 * How the caller may read `patient`'s audit history: site staff in full, admins and monitors
 * with personal values masked. A patient reading their own history gets `FORBIDDEN`; anyone
 * else who cannot see the patient gets `PATIENT_NOT_FOUND`.
 */
export function authorizeAuditRead(p: Principal, patient: ScopedPatient): 'full' | 'masked' {
  requireVisible(p, patient);
  if (siteRoleAt(p, patient.siteId)) return 'full';
  if (has(p, ALL_SITE_ROLES)) return 'masked';
  throw new AppError('FORBIDDEN', 'The audit trail is for site staff and monitors');
}

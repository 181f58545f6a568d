import type { AuthClaims } from '@vigil/core';

/**
 * Who may read a patient's plan and notifications: the patient service's site scope, applied to
 * the site the `patient.enrolled` event named (followup never asks patient at request time).
 *
 * - `admin`, `monitor`: every site; contact details masked.
 * - `investigator`, `coordinator`: the sites in the token's `sites` claim.
 * - `patient`: their own id (the token's `patientId` claim).
 *
 * Anything else is `hidden`, reported as not found so other sites' enrolment is not revealed.
 */
export type PlanVisibility = 'full' | 'masked' | 'hidden';

const SITE_ROLES = ['investigator', 'coordinator'];
const ALL_SITE_ROLES = ['admin', 'monitor'];

/** How the caller sees the plan of `patientId` at `siteId`. */
export function planVisibility(
  claims: AuthClaims,
  plan: { patientId: string; siteId: string },
): PlanVisibility {
  const roles = claims.roles;
  if (roles.some((r) => SITE_ROLES.includes(r)) && claims.sites.includes(plan.siteId)) {
    return 'full';
  }
  const own = claims.claims.patientId;
  if (roles.includes('patient') && typeof own === 'string' && own === plan.patientId) {
    return 'full';
  }
  if (roles.some((r) => ALL_SITE_ROLES.includes(r))) return 'masked';
  return 'hidden';
}

/** `138****1234`: the first three and last four digits of a mobile number (as patient masks). */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  if (recipient.length <= 7) return '*'.repeat(recipient.length);
  return `${recipient.slice(0, 3)}${'*'.repeat(recipient.length - 7)}${recipient.slice(-4)}`;
}

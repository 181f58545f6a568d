// The reads HTTP and gRPC logic share: each applies the caller's scope and masking the same way
// (through domain/scope.ts and domain/present.ts), so the two transports cannot drift apart.
import { AppError, type AuthClaims } from '@vigil/core';
import { isPatientStatus, type PatientRecord } from '../domain/patient-rules.js';
import { presentPatient, type PatientView } from '../domain/present.js';
import {
  listScope,
  principalFromClaims,
  requireVisible,
  siteVisible,
  type Principal,
} from '../domain/scope.js';
import type { SiteRecord, TrialRecord } from '../model/trial-model.js';
import type { ServiceContext } from '../svc/context.js';

/** The caller of a `jwt: Auth` route or an authenticated RPC. */
export function requirePrincipal(auth: AuthClaims | undefined): Principal {
  if (!auth) throw new AppError('UNAUTHENTICATED');
  return principalFromClaims(auth);
}

/** A patient the caller may see, with how; `PATIENT_NOT_FOUND` for absent and out-of-scope. */
export async function findVisiblePatient(
  svc: ServiceContext,
  principal: Principal,
  patientId: string,
): Promise<{ record: PatientRecord; visibility: 'full' | 'masked' }> {
  const record = await svc.patients.findOne(patientId);
  if (!record) throw new AppError('PATIENT_NOT_FOUND');
  return { record, visibility: requireVisible(principal, record) };
}

/** A patient as the caller may see it. */
export async function viewPatient(
  svc: ServiceContext,
  principal: Principal,
  patientId: string,
): Promise<PatientView> {
  const { record, visibility } = await findVisiblePatient(svc, principal, patientId);
  return presentPatient(record, visibility);
}

/** What a list asks for (empty strings mean "any", as proto3 sends them). */
export interface PatientListRequest {
  trialId?: string | undefined;
  siteId?: string | undefined;
  status?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const orUndefined = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

/** A page of the patients in the caller's scope, each masked as their visibility requires. */
export async function listVisiblePatients(
  svc: ServiceContext,
  principal: Principal,
  req: PatientListRequest,
): Promise<{ items: PatientView[]; nextCursor: string | null }> {
  const status = orUndefined(req.status);
  if (status !== undefined && !isPatientStatus(status)) {
    throw new AppError('VALIDATION_FAILED', 'Unknown status', {
      details: [{ field: 'status', reason: 'screening, enrolled, completed or withdrawn' }],
    });
  }
  const page = await svc.patients.list({
    trialId: orUndefined(req.trialId),
    siteId: orUndefined(req.siteId),
    status,
    cursor: orUndefined(req.cursor),
    limit: req.limit,
    scope: listScope(principal),
  });
  return {
    // The list query already kept only visible rows; each row still gets its own masking.
    items: page.items.map((r) => presentPatient(r, requireVisible(principal, r))),
    nextCursor: page.nextCursor,
  };
}

/** The site a `patient` user belongs to (their own record's), if any. */
async function ownSite(svc: ServiceContext, principal: Principal): Promise<string | undefined> {
  if (!principal.roles.includes('patient') || !principal.patientId) return undefined;
  return (await svc.patients.findOne(principal.patientId))?.siteId;
}

/** Trials with at least one site the caller may see. */
export async function listVisibleTrials(
  svc: ServiceContext,
  principal: Principal,
): Promise<TrialRecord[]> {
  const [trials, sites, own] = await Promise.all([
    svc.trials.trials(),
    svc.trials.allSites(),
    ownSite(svc, principal),
  ]);
  const visible = new Set(
    sites.filter((s) => siteVisible(principal, s.id, own)).map((s) => s.trialId),
  );
  return trials.filter((t) => visible.has(t.id));
}

/** The sites of a trial the caller may see; `TRIAL_NOT_FOUND` when they see none of it. */
export async function listVisibleSites(
  svc: ServiceContext,
  principal: Principal,
  trialId: string,
): Promise<SiteRecord[]> {
  const [sites, own] = await Promise.all([svc.trials.sites(trialId), ownSite(svc, principal)]);
  const visible = sites.filter((s) => siteVisible(principal, s.id, own));
  if (visible.length === 0) throw new AppError('TRIAL_NOT_FOUND');
  return visible;
}

/** Unix seconds from Unix ms (the API's unit, as the seed's createdAt). */
export const toSeconds = (ms: number): number => Math.floor(ms / 1000);

// Safe to edit: created once by vigilctl, never overwritten. Logic of rpc
// patient.PatientService.ListPatients.
import { AppError, type RpcContext } from '@vigil/core';
import { listVisiblePatients } from '../../logic/patient-access.js';
import type { ServiceContext } from '../../svc/context.js';
import { rpcPrincipal, toPatientMessage } from '../auth.js';
import type { ListPatientsRequest__Output, ListPatientsResponse } from '../patient.gen.js';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;

/** A page of patients (risk, followup, report read patients this way). */
export class ListPatientsLogic {
  constructor(
    private readonly ctx: RpcContext,
    private readonly svc: ServiceContext,
  ) {}

  async listPatients(req: ListPatientsRequest__Output): Promise<ListPatientsResponse> {
    const principal = await rpcPrincipal(this.ctx, this.svc);
    // proto3 has no "absent": 0 asks for the default, as the HTTP API's missing `limit`.
    const limit = req.limit === 0 ? DEFAULT_LIMIT : req.limit;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new AppError('VALIDATION_FAILED', 'limit must be 1..200', {
        details: [{ field: 'limit', reason: `between 1 and ${MAX_LIMIT} (0 = ${DEFAULT_LIMIT})` }],
      });
    }
    const page = await listVisiblePatients(this.svc, principal, { ...req, limit });
    return { patients: page.items.map(toPatientMessage), nextCursor: page.nextCursor ?? '' };
  }
}

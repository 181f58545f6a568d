// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/patients.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { ListPatientsReq, ListPatientsResp } from '../../types.gen.js';
import { listVisiblePatients, requirePrincipal } from '../patient-access.js';

/** Patients in the caller's scope, by id, a page at a time */
export class ListPatientsLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async listPatients(req: ListPatientsReq): Promise<ListPatientsResp> {
    const principal = requirePrincipal(this.ctx.auth);
    return listVisiblePatients(this.svc, principal, req);
  }
}

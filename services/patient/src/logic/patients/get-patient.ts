// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/patients/:patientId.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { GetPatientReq, PatientInfoResp } from '../../types.gen.js';
import { requirePrincipal, viewPatient } from '../patient-access.js';

/** One patient, masked as the caller's role requires */
export class GetPatientLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async getPatient(req: GetPatientReq): Promise<PatientInfoResp> {
    const principal = requirePrincipal(this.ctx.auth);
    return { patientInfo: await viewPatient(this.svc, principal, req.patientId) };
  }
}

// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/info/:patientId.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { GetPatientInfoReq, GetPatientInfoResp } from '../../types.gen.js';
import { requirePrincipal, viewPatient } from '../patient-access.js';

/** 获取患者详细信息: the seed's route and shape, now from the database, scoped and masked. */
export class GetPatientInfoLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async getPatientInfo(req: GetPatientInfoReq): Promise<GetPatientInfoResp> {
    // The route is `jwt: Auth`, so the caller is known here (go-zero: l.ctx.Value("userId")).
    const principal = requirePrincipal(this.ctx.auth);
    this.ctx.logger.info(
      { patientId: req.patientId, user: principal.sub },
      'patient info requested',
    );
    const view = await viewPatient(this.svc, principal, req.patientId);
    // The seed's Patient: its five fields, masked like every other patient response.
    const { id, name, mobile, trialId, createdAt } = view;
    return { patientInfo: { id, name, mobile, trialId, createdAt } };
  }
}

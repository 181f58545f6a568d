// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/info/:patientId.
import { AppError, type RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { GetPatientInfoReq, GetPatientInfoResp } from '../../types.gen.js';
import { KNOWN_PATIENTS } from '../known-patients.js';

/** 获取患者详细信息 */
export class GetPatientInfoLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async getPatientInfo(req: GetPatientInfoReq): Promise<GetPatientInfoResp> {
    // The route is `jwt: Auth`, so the caller is known here (go-zero: l.ctx.Value("userId")).
    this.ctx.logger.info(
      { patientId: req.patientId, user: this.ctx.auth?.sub },
      'patient info requested',
    );
    const patient = KNOWN_PATIENTS.get(req.patientId);
    if (!patient) throw new AppError('PATIENT_NOT_FOUND');
    return { patientInfo: patient };
  }
}

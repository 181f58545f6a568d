// Safe to edit: created once by vigilctl, never overwritten. Logic of rpc
// patient.PatientService.getPatient.
import { AppError, type RpcContext } from '@vigil/core';
import { KNOWN_PATIENTS } from '../../logic/known-patients.js';
import type { ServiceContext } from '../../svc/context.js';
import type { GetPatientRequest__Output, GetPatientResponse } from '../patient.gen.js';

/** 定义 RPC 方法 */
export class GetPatientLogic {
  constructor(
    private readonly ctx: RpcContext,
    private readonly svc: ServiceContext,
  ) {}

  async getPatient(req: GetPatientRequest__Output): Promise<GetPatientResponse> {
    const patient = KNOWN_PATIENTS.get(req.id);
    if (!patient) throw new AppError('PATIENT_NOT_FOUND');
    return { patient };
  }
}

// Safe to edit: created once by vigilctl, never overwritten. Logic of rpc
// patient.PatientService.getPatient.
import type { RpcContext } from '@vigil/core';
import { viewPatient } from '../../logic/patient-access.js';
import type { ServiceContext } from '../../svc/context.js';
import { rpcPrincipal, toPatientMessage } from '../auth.js';
import type { GetPatientRequest__Output, GetPatientResponse } from '../patient.gen.js';

/** 定义 RPC 方法: one patient, scoped and masked exactly as on HTTP. */
export class GetPatientLogic {
  constructor(
    private readonly ctx: RpcContext,
    private readonly svc: ServiceContext,
  ) {}

  async getPatient(req: GetPatientRequest__Output): Promise<GetPatientResponse> {
    const principal = await rpcPrincipal(this.ctx, this.svc);
    return { patient: toPatientMessage(await viewPatient(this.svc, principal, req.id)) };
  }
}

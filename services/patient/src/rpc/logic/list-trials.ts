// Safe to edit: created once by vigilctl, never overwritten. Logic of rpc
// patient.PatientService.ListTrials.
import type { RpcContext } from '@vigil/core';
import { listVisibleTrials, toSeconds } from '../../logic/patient-access.js';
import type { ServiceContext } from '../../svc/context.js';
import { rpcPrincipal } from '../auth.js';
import type { ListTrialsRequest__Output, ListTrialsResponse } from '../patient.gen.js';

/** Trials the caller has a site in. */
export class ListTrialsLogic {
  constructor(
    private readonly ctx: RpcContext,
    private readonly svc: ServiceContext,
  ) {}

  async listTrials(_req: ListTrialsRequest__Output): Promise<ListTrialsResponse> {
    const trials = await listVisibleTrials(this.svc, await rpcPrincipal(this.ctx, this.svc));
    return { trials: trials.map((t) => ({ ...t, createdAt: toSeconds(t.createdAt) })) };
  }
}

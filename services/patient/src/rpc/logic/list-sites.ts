// Safe to edit: created once by vigilctl, never overwritten. Logic of rpc
// patient.PatientService.ListSites.
import type { RpcContext } from '@vigil/core';
import { listVisibleSites, toSeconds } from '../../logic/patient-access.js';
import type { ServiceContext } from '../../svc/context.js';
import { rpcPrincipal } from '../auth.js';
import type { ListSitesRequest__Output, ListSitesResponse } from '../patient.gen.js';

/** Sites of a trial the caller may see. */
export class ListSitesLogic {
  constructor(
    private readonly ctx: RpcContext,
    private readonly svc: ServiceContext,
  ) {}

  async listSites(req: ListSitesRequest__Output): Promise<ListSitesResponse> {
    const principal = await rpcPrincipal(this.ctx, this.svc);
    const sites = await listVisibleSites(this.svc, principal, req.trialId);
    return { sites: sites.map((s) => ({ ...s, createdAt: toSeconds(s.createdAt) })) };
  }
}

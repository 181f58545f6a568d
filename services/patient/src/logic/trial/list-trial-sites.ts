// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/trials/:trialId/sites.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { ListTrialSitesReq, ListTrialSitesResp } from '../../types.gen.js';
import { listVisibleSites, requirePrincipal, toSeconds } from '../patient-access.js';

/** Sites of a trial the caller may see */
export class ListTrialSitesLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async listTrialSites(req: ListTrialSitesReq): Promise<ListTrialSitesResp> {
    const principal = requirePrincipal(this.ctx.auth);
    const sites = await listVisibleSites(this.svc, principal, req.trialId);
    return { items: sites.map((s) => ({ ...s, createdAt: toSeconds(s.createdAt) })) };
  }
}

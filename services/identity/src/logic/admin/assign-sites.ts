// Safe to edit: created once by vigilctl, never overwritten. Logic of
// PUT /api/v1/identity/users/:id/sites.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { AssignSitesReq, UserInfo } from '../../types.gen.js';

/** Replace a user's site assignments (admin) */
export class AssignSitesLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async assignSites(req: AssignSitesReq): Promise<UserInfo> {
    return this.svc.identity.admin.assignSites(this.ctx.auth, req.id, req.sites);
  }
}

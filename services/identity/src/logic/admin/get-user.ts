// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/identity/users/:id.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { UserIdReq, UserInfo } from '../../types.gen.js';

/** One user (admin) */
export class GetUserLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async getUser(req: UserIdReq): Promise<UserInfo> {
    return this.svc.identity.admin.get(this.ctx.auth, req.id);
  }
}

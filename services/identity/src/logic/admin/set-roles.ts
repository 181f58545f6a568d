// Safe to edit: created once by vigilctl, never overwritten. Logic of
// PUT /api/v1/identity/users/:id/roles.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { SetRolesReq, UserInfo } from '../../types.gen.js';

/** Replace a user's roles (admin) */
export class SetRolesLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async setRoles(req: SetRolesReq): Promise<UserInfo> {
    return this.svc.identity.admin.setRoles(this.ctx.auth, req.id, req.roles);
  }
}

// Safe to edit: created once by vigilctl, never overwritten. Logic of
// PUT /api/v1/identity/users/:id/password.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { SetPasswordReq, UserInfo } from '../../types.gen.js';

/** Set a user's password and revoke their sessions (admin) */
export class SetPasswordLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async setPassword(req: SetPasswordReq): Promise<UserInfo> {
    return this.svc.identity.admin.setPassword(this.ctx.auth, req.id, req.password);
  }
}

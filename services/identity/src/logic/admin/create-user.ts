// Safe to edit: created once by vigilctl, never overwritten. Logic of
// POST /api/v1/identity/users.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { CreateUserReq, UserInfo } from '../../types.gen.js';

/** Create a user (admin) */
export class CreateUserLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async createUser(req: CreateUserReq): Promise<UserInfo> {
    return this.svc.identity.admin.create(this.ctx.auth, req);
  }
}

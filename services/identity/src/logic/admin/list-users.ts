// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/identity/users.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { ListUsersReq, ListUsersResp } from '../../types.gen.js';

/** List users (admin) */
export class ListUsersLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async listUsers(req: ListUsersReq): Promise<ListUsersResp> {
    return this.svc.identity.admin.list(this.ctx.auth, req);
  }
}

// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/identity/me.
import { AppError, type RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { UserInfo } from '../../types.gen.js';

/** The caller, from their access token and current assignments */
export class MeLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async me(): Promise<UserInfo> {
    if (!this.ctx.auth) throw new AppError('UNAUTHENTICATED');
    return this.svc.identity.sessions.me(this.ctx.auth.sub);
  }
}

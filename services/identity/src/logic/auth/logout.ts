// Safe to edit: created once by vigilctl, never overwritten. Logic of
// POST /api/v1/identity/logout.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { LogoutReq, LogoutResp } from '../../types.gen.js';

/** Revoke the refresh token's family (idempotent) */
export class LogoutLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async logout(req: LogoutReq): Promise<LogoutResp> {
    // The same answer for unknown tokens: logout reveals nothing about a token.
    await this.svc.identity.sessions.logout(req.refreshToken);
    return { loggedOut: true };
  }
}

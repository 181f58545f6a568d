// Safe to edit: created once by vigilctl, never overwritten. Logic of
// POST /api/v1/identity/login.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { LoginReq, TokenResp } from '../../types.gen.js';

/** Log in with username and password; 5 failures in 15 minutes lock the username for 15 minutes */
export class LoginLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async login(req: LoginReq): Promise<TokenResp> {
    // Never log the request: it carries the password (and a username may be a mistyped one).
    return this.svc.identity.sessions.login(req.username, req.password);
  }
}

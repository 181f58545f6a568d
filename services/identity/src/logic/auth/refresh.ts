// Safe to edit: created once by vigilctl, never overwritten. Logic of
// POST /api/v1/identity/refresh.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { RefreshReq, TokenResp } from '../../types.gen.js';

/** Exchange a refresh token for a new pair; a spent refresh token revokes its whole family */
export class RefreshLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async refresh(req: RefreshReq): Promise<TokenResp> {
    return this.svc.identity.sessions.refresh(req.refreshToken);
  }
}

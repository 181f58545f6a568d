// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/identity/jwks.json.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { JwksResp } from '../../types.gen.js';

/** Public keys that verify access tokens (current and recently rotated) */
export class JwksLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async jwks(): Promise<JwksResp> {
    return this.svc.identity.keyRing.jwks();
  }
}

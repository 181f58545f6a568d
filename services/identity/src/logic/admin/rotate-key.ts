// Safe to edit: created once by vigilctl, never overwritten. Logic of
// POST /api/v1/identity/keys/rotate.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import { requireAdmin } from '../../domain/user-admin.js';
import type { RotateKeyResp } from '../../types.gen.js';

/** Start signing with a new key; the previous public key stays in the JWKS until its tokens expire (admin) */
export class RotateKeyLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async rotateKey(): Promise<RotateKeyResp> {
    const admin = requireAdmin(this.ctx.auth);
    const { kid, previousKid } = await this.svc.identity.keyRing.rotate();
    this.ctx.logger.info({ by: admin.sub, kid, previousKid }, 'signing key rotation requested');
    return previousKid === undefined ? { kid } : { kid, previousKid };
  }
}

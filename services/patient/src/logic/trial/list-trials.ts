// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/trials.
import type { RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { ListTrialsResp } from '../../types.gen.js';
import { listVisibleTrials, requirePrincipal, toSeconds } from '../patient-access.js';

/** Trials the caller has a site in (every trial for admins and monitors) */
export class ListTrialsLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async listTrials(): Promise<ListTrialsResp> {
    const trials = await listVisibleTrials(this.svc, requirePrincipal(this.ctx.auth));
    return { items: trials.map((t) => ({ ...t, createdAt: toSeconds(t.createdAt) })) };
  }
}

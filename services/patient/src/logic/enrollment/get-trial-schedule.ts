// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/trials/:trialId/schedule.
import { AppError, type RequestContext } from '@vigil/core';
import type { ServiceContext } from '../../svc/context.js';
import type { TrialScheduleReq, TrialScheduleResp } from '../../types.gen.js';
import { listVisibleSites, requirePrincipal } from '../patient-access.js';

/** The trial's schedule of visits */
export class GetTrialScheduleLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async getTrialSchedule(req: TrialScheduleReq): Promise<TrialScheduleResp> {
    const principal = requirePrincipal(this.ctx.auth);
    // Whoever sees one of the trial's sites may read its schedule (TRIAL_NOT_FOUND otherwise).
    await listVisibleSites(this.svc, principal, req.trialId);
    const trial = await this.svc.trials.trial(req.trialId);
    if (!trial) throw new AppError('TRIAL_NOT_FOUND');
    const visits = await this.svc.schedules.get(req.trialId);
    return { trialId: trial.id, timeZone: trial.timeZone, visits };
  }
}

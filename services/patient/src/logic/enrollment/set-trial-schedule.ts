// Safe to edit: created once by vigilctl, never overwritten. Logic of
// PUT /api/v1/patient/trials/:trialId/schedule.
import { AppError, type RequestContext } from '@vigil/core';
import { normalizeSchedule } from '../../domain/schedule-rules.js';
import type { ServiceContext } from '../../svc/context.js';
import type { SetTrialScheduleReq, TrialScheduleResp } from '../../types.gen.js';
import { requirePrincipal } from '../patient-access.js';

/** Replace the trial's schedule of visits (admins; applies to patients enrolled afterwards) */
export class SetTrialScheduleLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async setTrialSchedule(req: SetTrialScheduleReq): Promise<TrialScheduleResp> {
    const principal = requirePrincipal(this.ctx.auth);
    // The schedule is protocol, not site data: set by the platform's administrators.
    if (!principal.roles.includes('admin')) {
      throw new AppError('FORBIDDEN', 'Only administrators may change a trial schedule');
    }
    const reason = req.reason.trim();
    if (!reason) throw new AppError('REASON_REQUIRED');
    const visits = normalizeSchedule(req.visits);
    const trial = await this.svc.trials.trial(req.trialId);
    if (!trial) throw new AppError('TRIAL_NOT_FOUND');
    const saved = await this.svc.schedules.replace(
      req.trialId,
      visits,
      { sub: principal.sub, role: 'admin', reason },
      this.svc.now(),
    );
    this.ctx.logger.info({ trialId: req.trialId, visits: saved.length }, 'trial schedule set');
    return { trialId: trial.id, timeZone: trial.timeZone, visits: saved };
  }
}

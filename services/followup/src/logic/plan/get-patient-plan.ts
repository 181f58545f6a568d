// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/followup/patients/:patientId/plan.
import { AppError, type RequestContext } from '@vigil/core';
import { planVisibility } from '../../domain/access.js';
import { todayIn, visitStatus } from '../../domain/plan.js';
import type { ServiceContext } from '../../svc/context.js';
import type { GetPatientPlanReq, PatientPlanResp } from '../../types.gen.js';

/** A patient's visit plan (404 until the worker has created it) */
export class GetPatientPlanLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async getPatientPlan(req: GetPatientPlanReq): Promise<PatientPlanResp> {
    if (!this.ctx.auth) throw new AppError('UNAUTHENTICATED');
    const plan = await this.svc.plans.find(req.patientId);
    // Out of scope looks exactly like "no plan yet": other sites' enrolment is not revealed.
    if (!plan || planVisibility(this.ctx.auth, plan) === 'hidden') {
      throw new AppError('PLAN_NOT_FOUND');
    }
    const today = todayIn(plan.timeZone, this.svc.now());
    return {
      patientId: plan.patientId,
      trialId: plan.trialId,
      siteId: plan.siteId,
      timeZone: plan.timeZone,
      enrolledAt: Math.floor(plan.enrolledAtMs / 1000),
      visits: plan.visits.map((v) => ({
        name: v.name,
        dayOffset: v.dayOffset,
        dueDate: v.dueDate,
        windowStart: v.windowStart,
        windowEnd: v.windowEnd,
        status: visitStatus(v, today),
      })),
    };
  }
}

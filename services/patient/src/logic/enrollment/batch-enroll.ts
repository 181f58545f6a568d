// Safe to edit: created once by vigilctl, never overwritten. Logic of
// POST /api/v1/patient/patients/batch.
import { AppError, type RequestContext } from '@vigil/core';
import { authorizeBatch, batchProblems, type BatchRow } from '../../domain/batch-rules.js';
import { chosenIdProblem } from '../../domain/patient-rules.js';
import type { ServiceContext } from '../../svc/context.js';
import type { BatchEnrollReq, BatchEnrollResp } from '../../types.gen.js';
import { requirePrincipal } from '../patient-access.js';

/**
 * Batch enrolment (seed step 6): the request writes the patients and one `patient.enrolled`
 * event each to the outbox in one transaction and answers at once; visit plans and reminders
 * are made by the follow-up worker from the events, so 100 patients take one short transaction
 * instead of 100 plan generations. The outbox relay publishes the events after the commit; if
 * the broker is down they wait in the outbox and nothing is lost.
 */
export class BatchEnrollLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async batchEnroll(req: BatchEnrollReq): Promise<BatchEnrollResp> {
    const principal = requirePrincipal(this.ctx.auth);
    const nowMs = this.svc.now();
    const rows: BatchRow[] = req.patients.map((p) => ({
      id: p.id,
      trialId: p.trialId,
      siteId: p.siteId,
      name: p.name,
      mobile: p.mobile,
      // The API speaks Unix seconds (as the seed's createdAt); the model milliseconds.
      enrolledAt: p.enrolledAt === undefined || p.enrolledAt === null ? null : p.enrolledAt * 1000,
    }));
    const problems = batchProblems(rows, nowMs);
    if (problems.length > 0 && problems[0]!.field === 'patients') {
      throw new AppError('VALIDATION_FAILED', 'Invalid batch', { details: problems });
    }
    const roles = authorizeBatch(principal, rows);
    rows.forEach((row, i) => {
      const idProblem = chosenIdProblem(row.id, row.siteId);
      if (idProblem) problems.push({ field: `patients[${i}].id`, reason: idProblem });
    });
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'Some patients cannot be enrolled', {
        details: problems,
      });
    }
    const ids = await this.svc.enrollment.enrollBatch(rows, { sub: principal.sub, roles }, nowMs);
    // Publish now rather than at the relay's next tick.
    this.svc.relay.wake();
    // Ids only: names and mobiles never go to logs.
    this.ctx.logger.info({ patients: ids.length, first: ids[0] }, 'patients enrolled in a batch');
    return { ids };
  }
}

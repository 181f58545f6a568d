// Safe to edit: created once by vigilctl, never overwritten. Logic of
// PUT /api/v1/patient/patients/:patientId.
import type { RequestContext } from '@vigil/core';
import { presentPatient } from '../../domain/present.js';
import { authorizeUpdate, requireVisible } from '../../domain/scope.js';
import type { ServiceContext } from '../../svc/context.js';
import type { PatientInfoResp, UpdatePatientReq } from '../../types.gen.js';
import { findVisiblePatient, requirePrincipal } from '../patient-access.js';

/** Change a patient's data with a reason (investigators and coordinators of the site) */
export class UpdatePatientLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async updatePatient(req: UpdatePatientReq): Promise<PatientInfoResp> {
    const principal = requirePrincipal(this.ctx.auth);
    // Out-of-scope callers get 404 from the cached copy before any lock is taken; the decision
    // that counts is made again on the locked row inside the transaction.
    await findVisiblePatient(this.svc, principal, req.patientId);
    const record = await this.svc.patients.update(
      req.patientId,
      {
        name: req.name,
        mobile: req.mobile,
        status: req.status,
        siteId: req.siteId,
        enrolledAt:
          req.enrolledAt === undefined || req.enrolledAt === null
            ? req.enrolledAt
            : req.enrolledAt * 1000,
      },
      {
        sub: principal.sub,
        reason: req.reason,
        expectedVersion: req.version,
        authorize: (current, next) => authorizeUpdate(principal, current, next.siteId),
      },
    );
    // A move to enrolled wrote patient.enrolled to the outbox: publish it now.
    if (record.status === 'enrolled') this.svc.relay.wake();
    this.ctx.logger.info({ patientId: record.id, version: record.version }, 'patient updated');
    return { patientInfo: presentPatient(record, requireVisible(principal, record)) };
  }
}

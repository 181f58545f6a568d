// Safe to edit: created once by vigilctl, never overwritten. Logic of
// POST /api/v1/patient/patients.
import { AppError, type RequestContext } from '@vigil/core';
import { chosenIdProblem } from '../../domain/patient-rules.js';
import { presentPatient } from '../../domain/present.js';
import { authorizeCreate } from '../../domain/scope.js';
import type { ServiceContext } from '../../svc/context.js';
import type { CreatePatientReq, PatientInfoResp } from '../../types.gen.js';
import { requirePrincipal } from '../patient-access.js';

/** Enrol a patient (investigators and coordinators of the site) */
export class CreatePatientLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async createPatient(req: CreatePatientReq): Promise<PatientInfoResp> {
    const principal = requirePrincipal(this.ctx.auth);
    const role = authorizeCreate(principal, req.siteId);
    const idProblem = chosenIdProblem(req.id, req.siteId);
    if (idProblem) {
      throw new AppError('VALIDATION_FAILED', 'The patient id is not in the site numbering', {
        details: [{ field: 'id', reason: idProblem }],
      });
    }
    const record = await this.svc.patients.create(
      {
        id: req.id,
        siteId: req.siteId,
        trialId: req.trialId,
        name: req.name,
        mobile: req.mobile,
        status: req.status,
        enrolledAt:
          req.enrolledAt === undefined || req.enrolledAt === null
            ? req.enrolledAt
            : req.enrolledAt * 1000,
      },
      { sub: principal.sub, role },
      req.reason,
    );
    // An enrolled patient's patient.enrolled event is in the outbox: publish it now.
    if (record.status === 'enrolled') this.svc.relay.wake();
    // Ids only: names and mobiles never go to logs.
    this.ctx.logger.info({ patientId: record.id, siteId: record.siteId }, 'patient enrolled');
    return { patientInfo: presentPatient(record, 'full') };
  }
}

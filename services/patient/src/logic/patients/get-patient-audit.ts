// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/patient/patients/:patientId/audit.
import { AppError, type RequestContext } from '@vigil/core';
import { presentAuditEntry } from '../../domain/present.js';
import { authorizeAuditRead } from '../../domain/scope.js';
import { auditHistory } from '../../model/audit-model.js';
import { ENTITY } from '../../model/patient-rows.js';
import type { ServiceContext } from '../../svc/context.js';
import type { GetPatientReq, PatientAuditResp } from '../../types.gen.js';
import { requirePrincipal } from '../patient-access.js';

/** Audit trail of a patient (site staff; admins and monitors see personal values masked) */
export class GetPatientAuditLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async getPatientAudit(req: GetPatientReq): Promise<PatientAuditResp> {
    const principal = requirePrincipal(this.ctx.auth);
    const record = await this.svc.patients.findOne(req.patientId);
    if (!record) throw new AppError('PATIENT_NOT_FOUND');
    const visibility = authorizeAuditRead(principal, record);
    const entries = await auditHistory(this.svc.database.db, ENTITY, record.id);
    return { items: entries.map((e) => presentAuditEntry(e, visibility)) };
  }
}

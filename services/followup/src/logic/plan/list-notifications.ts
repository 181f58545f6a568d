// Safe to edit: created once by vigilctl, never overwritten. Logic of
// GET /api/v1/followup/notifications.
import { AppError, type RequestContext } from '@vigil/core';
import { maskRecipient, planVisibility } from '../../domain/access.js';
import type { ServiceContext } from '../../svc/context.js';
import type { ListNotificationsReq, ListNotificationsResp } from '../../types.gen.js';

/** Notifications sent for a patient, newest first */
export class ListNotificationsLogic {
  constructor(
    private readonly ctx: RequestContext,
    private readonly svc: ServiceContext,
  ) {}

  async listNotifications(req: ListNotificationsReq): Promise<ListNotificationsResp> {
    if (!this.ctx.auth) throw new AppError('UNAUTHENTICATED');
    // The plan carries the patient's site: the same scope as the plan itself.
    const plan = await this.svc.plans.find(req.patientId);
    const visibility = plan ? planVisibility(this.ctx.auth, plan) : 'hidden';
    if (visibility === 'hidden') throw new AppError('PLAN_NOT_FOUND');
    const rows = await this.svc.notifications.list(req.patientId, req.limit);
    return {
      items: rows.map((n) => ({
        id: n.id,
        patientId: n.patient_id,
        channel: n.channel,
        recipient: visibility === 'full' ? n.recipient : maskRecipient(n.recipient),
        subject: n.subject,
        body: n.body,
        visitName: n.visit_name,
        sentAt: new Date(n.sent_at).toISOString(),
      })),
    };
  }
}

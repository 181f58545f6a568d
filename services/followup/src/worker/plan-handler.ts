import type { Database, TransactionalHandler } from '@vigil/core';
import type { Logger } from 'pino';
import { renderReminder, siteEmail } from '../domain/messages.js';
import { computePlan, todayIn } from '../domain/plan.js';
import { planReminders, type Channel, type ReminderRule } from '../domain/reminders.js';
import { parsePatientEnrolled } from '../events/patient-enrolled.js';
import { insertPlan, type NewPlan } from '../model/plan-model.js';
import type { FollowupDb } from '../model/schema.js';
import type { FollowupMetrics } from './metrics.js';

/** What the `patient.enrolled` handler needs besides the event. */
export interface PlanHandlerOptions {
  readonly database: Database<FollowupDb>;
  readonly rules: readonly ReminderRule[];
  /** `site-{siteId}@…`: where the site team's e-mail reminders go. */
  readonly siteEmailTemplate: string;
  readonly metrics: FollowupMetrics;
  readonly logger: Logger;
  readonly now: () => number;
  /** Called after a plan is written whose first reminder is due already (wake the poller). */
  readonly onReminderDue?: () => void;
}

/** The plan (visits and rendered reminders) of one event, as `insertPlan` writes it. */
export function buildPlan(
  eventId: string,
  payload: unknown,
  options: Pick<PlanHandlerOptions, 'rules' | 'siteEmailTemplate'>,
  nowMs: number,
): NewPlan {
  const e = parsePatientEnrolled(payload);
  const visits = computePlan({
    enrolledAtMs: e.enrolledAtMs,
    timeZone: e.timeZone,
    schedule: e.schedule,
  });
  const recipients = new Map<Channel, string>([
    ['email', siteEmail(options.siteEmailTemplate, e.siteId)],
  ]);
  if (e.mobile) recipients.set('sms', e.mobile);
  const drafts = planReminders({
    patientId: e.patientId,
    timeZone: e.timeZone,
    enrolledAtMs: e.enrolledAtMs,
    visits,
    rules: options.rules,
    channels: new Set(recipients.keys()),
    nowMs,
    nowDate: todayIn(e.timeZone, nowMs),
  });
  const created = new Date(nowMs);
  return {
    eventId,
    patientId: e.patientId,
    trialId: e.trialId,
    siteId: e.siteId,
    timeZone: e.timeZone,
    enrolledAtMs: e.enrolledAtMs,
    visits,
    reminders: drafts.map((d) => {
      const text = renderReminder(d.channel, {
        patientId: e.patientId,
        trialId: e.trialId,
        siteId: e.siteId,
        visit: visits[d.visitSeq]!,
      });
      return {
        id: d.id,
        patient_id: e.patientId,
        visit_seq: d.visitSeq,
        visit_name: d.visitName,
        channel: d.channel,
        recipient: recipients.get(d.channel)!,
        subject: text.subject,
        body: text.body,
        fire_at: new Date(d.fireAtMs),
        created_at: created,
      };
    }),
  };
}

/**
 * Handles `patient.enrolled`: computes the visit plan and its reminders and writes them in the
 * transaction `createIdempotentHandler` opened (which also records the event id), so a
 * redelivered event writes nothing twice. An invalid event throws `VALIDATION_FAILED` and, after
 * the queue's attempts, lands in the dead-letter queue with that error.
 */
export function createPlanHandler(options: PlanHandlerOptions): TransactionalHandler<FollowupDb> {
  return async (event, trx) => {
    const nowMs = options.now();
    const plan = buildPlan(event.id, event.payload, options, nowMs);
    const created = await insertPlan(trx, options.database.dialect, plan, new Date(nowMs));
    options.metrics.plans.inc({ result: created ? 'created' : 'duplicate' });
    if (!created) {
      options.logger.info(
        { eventId: event.id, patientId: plan.patientId },
        'patient already has a visit plan; event ignored',
      );
      return;
    }
    options.metrics.planLag.observe(Math.max(0, (nowMs - plan.enrolledAtMs) / 1000));
    options.logger.info(
      {
        eventId: event.id,
        patientId: plan.patientId,
        visits: plan.visits.length,
        reminders: plan.reminders.length,
      },
      'visit plan created',
    );
    const firstDue = plan.reminders[0]?.fire_at.getTime();
    if (firstDue !== undefined && firstDue <= nowMs) options.onReminderDue?.();
  };
}

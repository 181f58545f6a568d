import { AppError } from '@vigil/core';
import type { Channel } from '../domain/reminders.js';
import type { NotificationAdapter, OutgoingNotification, SendContext } from './adapter.js';

const MOBILE = /^\+?[0-9][0-9 -]{5,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

async function store(message: OutgoingNotification, ctx: SendContext): Promise<void> {
  const row = {
    id: message.id,
    patient_id: message.patientId,
    channel: message.channel,
    recipient: message.recipient,
    subject: message.subject,
    body: message.body,
    visit_name: message.visitName,
    sent_at: ctx.now,
  };
  // Same transaction as the reminder's `sent` mark: stored exactly once, or not at all. The id
  // is the reminder's, so a message already stored is not stored twice (and an error here would
  // abort the whole batch's transaction).
  const insert =
    ctx.dialect === 'postgres'
      ? ctx.trx
          .insertInto('followup_notification')
          .values(row)
          .onConflict((oc) => oc.column('id').doNothing())
      : ctx.trx.insertInto('followup_notification').ignore().values(row);
  await insert.execute();
}

function storedAdapter(channel: Channel, valid: RegExp): NotificationAdapter {
  return {
    channel,
    name: `store-${channel}`,
    async send(message, context) {
      // Check what a real provider would refuse, so the stand-in fails the way it would.
      if (!valid.test(message.recipient)) {
        throw new AppError('VALIDATION_FAILED', `not a valid ${channel} recipient`);
      }
      await store(message, context);
    },
  };
}

/**
 * The embedded stand-ins: an SMS and an e-mail "gateway" that keep each message in
 * `followup_notification` (readable through `GET /api/v1/followup/notifications`) instead of
 * sending it.
 */
export function createStoredAdapters(): Map<Channel, NotificationAdapter> {
  return new Map<Channel, NotificationAdapter>([
    ['sms', storedAdapter('sms', MOBILE)],
    ['email', storedAdapter('email', EMAIL)],
  ]);
}

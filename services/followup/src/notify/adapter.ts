import type { SqlDialect } from '@vigil/core';
import type { Transaction } from 'kysely';
import type { Channel } from '../domain/reminders.js';
import type { FollowupDb } from '../model/schema.js';

/** One message on its way out. */
export interface OutgoingNotification {
  /** The reminder id: unique per message, so a provider can deduplicate a retried send. */
  readonly id: string;
  readonly patientId: string;
  readonly channel: Channel;
  /** A mobile number (sms) or an e-mail address; personal data, never logged. */
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
  readonly visitName: string;
}

/** What a send may use: the poller's transaction (committed with the reminder's `sent` mark). */
export interface SendContext {
  readonly trx: Transaction<FollowupDb>;
  readonly dialect: SqlDialect;
  readonly now: Date;
}

/**
 * Sends one kind of message (go-zero style: a small interface per capability). Resolving means
 * the provider accepted it; throwing makes the poller retry it later. A provider reached over
 * the network should pass `id` as its idempotency key: a crash between the provider's accept
 * and the poller's commit sends the reminder again.
 */
export interface NotificationAdapter {
  readonly channel: Channel;
  /** Short name for logs and metrics (`store-sms`). */
  readonly name: string;
  send(message: OutgoingNotification, context: SendContext): Promise<void>;
}

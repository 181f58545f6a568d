import type { Kysely } from 'kysely';
import type { FollowupDb, NotificationTable } from './schema.js';

/** Reads the notifications the stand-in adapters stored (the API). */
export class NotificationModel {
  constructor(private readonly db: Kysely<FollowupDb>) {}

  /** A patient's notifications, newest first. */
  list(patientId: string, limit: number): Promise<NotificationTable[]> {
    return this.db
      .selectFrom('followup_notification')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('sent_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}

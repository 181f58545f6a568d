import type { PlannedVisit } from './plan.js';
import type { Channel } from './reminders.js';

/** Who and what a reminder is about. */
export interface MessageFacts {
  readonly patientId: string;
  readonly trialId: string;
  readonly siteId: string;
  readonly visit: PlannedVisit;
}

/** A rendered message. */
export interface MessageText {
  /** E-mail subject; empty for SMS. */
  readonly subject: string;
  readonly body: string;
}

/**
 * Reminder texts. The SMS goes to the patient and names no one (a text message can be read by
 * anyone holding the phone); the e-mail goes to the site team and identifies the patient by
 * study id only, never by name.
 */
export function renderReminder(channel: Channel, facts: MessageFacts): MessageText {
  const { visit } = facts;
  const window = `${visit.windowStart} to ${visit.windowEnd}`;
  switch (channel) {
    case 'sms':
      return {
        subject: '',
        body:
          `[${facts.trialId}] Reminder: your ${visit.name} visit is due on ${visit.dueDate} ` +
          `(window ${window}). Please contact your study site to confirm.`,
      };
    case 'email':
      return {
        subject: `${facts.patientId}: ${visit.name} window opens ${visit.windowStart}`,
        body:
          `Patient ${facts.patientId} (trial ${facts.trialId}, site ${facts.siteId}): ` +
          `${visit.name} (day ${visit.dayOffset}) is due on ${visit.dueDate}, window ${window}.`,
      };
  }
}

/** The site team's address from a template such as `site-{siteId}@example.org`. */
export function siteEmail(template: string, siteId: string): string {
  return template.replaceAll('{siteId}', siteId.toLowerCase());
}

import type { Database } from '@vigil/core';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Channel } from '../domain/reminders.js';
import type { FollowupDb } from '../model/schema.js';
import type { NotificationAdapter } from '../notify/adapter.js';
import { followupMetrics } from './metrics.js';

/** Poller settings (the `Followup:` config block's keys). */
export interface ReminderPollerSettings {
  readonly PollIntervalMs: number;
  readonly BatchSize: number;
  readonly MaxSendAttempts: number;
  readonly RetryBackoffMs: number;
}

/** What the poller needs. */
export interface ReminderPollerOptions {
  readonly database: Database<FollowupDb>;
  readonly adapters: ReadonlyMap<Channel, NotificationAdapter>;
  readonly settings: ReminderPollerSettings;
  readonly logger: Logger;
  readonly registry: Registry;
  /** The clock reminders are due by (tests drive it). */
  readonly now?: () => number;
}

/** Outcome of one poll. */
export interface PollResult {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/** Fires due reminders. */
export interface ReminderPoller {
  /** Starts the background loop (idempotent). */
  start(): void;
  /** Polls now instead of at the next interval (a plan with a reminder due now was written). */
  wake(): void;
  /** One claim-and-send transaction. */
  pollOnce(): Promise<PollResult>;
  /** Stops polling and waits for the batch being sent. Idempotent. */
  stop(): Promise<void>;
}

const MAX_ERROR = 1000;

/**
 * The reminder poller: claims due `pending` reminders oldest first with
 * `FOR UPDATE SKIP LOCKED` and sends each through its channel's adapter, marking the sent ones
 * in the same transaction. Replicas skip each other's locked rows, so no reminder goes out twice;
 * a process that dies mid-batch rolls its claim back, so the next poll (here or in a replica)
 * sends those reminders and none is lost. A failed send is retried with doubling backoff, then
 * marked `failed` with its error after MaxSendAttempts.
 */
export function createReminderPoller(options: ReminderPollerOptions): ReminderPoller {
  const { database, adapters, settings, logger } = options;
  const now = options.now ?? Date.now;
  const metrics = followupMetrics(options.registry);
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  function sleep(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  function pollOnce(): Promise<PollResult> {
    const at = new Date(now());
    return database.transaction(
      async (trx) => {
        const due = await trx
          .selectFrom('followup_reminder')
          .selectAll()
          .where('status', '=', 'pending')
          .where('fire_at', '<=', at)
          .orderBy('fire_at')
          .limit(settings.BatchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        const sent: string[] = [];
        let retried = 0;
        let failed = 0;
        // One at a time: the sends share the transaction's connection anyway, and a provider
        // is not hammered with a whole batch at once.
        for (const r of due) {
          const adapter = adapters.get(r.channel as Channel);
          try {
            if (!adapter) throw new Error(`no adapter for channel ${r.channel}`);
            await adapter.send(
              {
                id: r.id,
                patientId: r.patient_id,
                channel: r.channel as Channel,
                recipient: r.recipient,
                subject: r.subject,
                body: r.body,
                visitName: r.visit_name,
              },
              { trx, dialect: database.dialect, now: at },
            );
            sent.push(r.id);
            metrics.reminders.inc({ channel: r.channel, result: 'sent' });
          } catch (err) {
            const attempts = r.attempts + 1;
            const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR);
            const last = attempts >= settings.MaxSendAttempts;
            const delay = settings.RetryBackoffMs * 2 ** Math.min(attempts - 1, 20);
            await trx
              .updateTable('followup_reminder')
              .set({
                attempts,
                last_error: message,
                status: last ? 'failed' : 'pending',
                fire_at: last ? r.fire_at : new Date(at.getTime() + delay),
              })
              .where('id', '=', r.id)
              .execute();
            if (last) failed += 1;
            else retried += 1;
            metrics.reminders.inc({ channel: r.channel, result: last ? 'failed' : 'retry' });
            // The reminder id and error only: recipients are personal data.
            logger.warn(
              { reminderId: r.id, channel: r.channel, attempts, err: message },
              last ? 'reminder could not be sent; marked failed' : 'reminder send failed; retrying',
            );
          }
        }
        if (sent.length > 0) {
          await trx
            .updateTable('followup_reminder')
            .set((eb) => ({ status: 'sent', sent_at: at, attempts: eb('attempts', '+', 1) }))
            .where('id', 'in', sent)
            .execute();
        }
        return { claimed: due.length, sent: sent.length, retried, failed };
      },
      { isolationLevel: 'read committed' },
    );
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      let delay = settings.PollIntervalMs;
      try {
        const result = await pollOnce();
        failures = 0;
        // A full batch means more are due: go again at once.
        if (result.claimed === settings.BatchSize) delay = 0;
      } catch (err) {
        failures += 1;
        delay = Math.min(settings.PollIntervalMs * 2 ** Math.min(failures, 6), 60_000);
        logger.warn({ err, failures }, 'reminder poll failed; retrying');
      }
      if (running && delay > 0) await sleep(delay);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    pollOnce,
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
  };
}

import {
  createIdempotentHandler,
  createTransport,
  serviceQueueConfig,
  type Consumer,
  type Transport,
} from '@vigil/core';
import type { Registry } from 'prom-client';
import { PATIENT_ENROLLED } from '../events/patient-enrolled.js';
import type { ServiceContext } from '../svc/context.js';
import { followupMetrics } from './metrics.js';
import { createPlanHandler } from './plan-handler.js';
import { createReminderPoller, type ReminderPoller } from './reminder-poller.js';

/** The default queue the worker consumes (`Followup.QueueName`; `patient.enrolled` is bound to it). */
export const FOLLOWUP_QUEUE = 'followup.patient-enrolled';
/** The idempotency record's consumer name (vigil_processed_events.consumer). */
export const PLAN_CONSUMER = 'followup.plan';

/** The worker's moving parts. */
export interface FollowupWorker {
  readonly transport: Transport;
  readonly poller: ReminderPoller;
  /** Starts consuming and polling; rejects when the broker is unreachable at start-up. */
  start(): Promise<void>;
  /** Stops taking events, lets those in flight finish, stops the poller, closes the transport. */
  stop(): Promise<void>;
}

/** What the worker is built with besides the service context. */
export interface FollowupWorkerOptions {
  /** The HTTP server's registry: queue and worker metrics appear on the service's /metrics. */
  readonly registry: Registry;
  /** A transport to use instead of the one `Queue:` describes (owned by the caller). */
  readonly transport?: Transport;
}

/**
 * The follow-up worker: `Followup.Consumers` consumers of `Followup.QueueName` (each event
 * becomes a plan exactly once, see createIdempotentHandler) and the reminder poller. It opens
 * the transport the `Queue:` block and the run mode select (nothing connects before start()).
 */
export function createFollowupWorker(
  svc: ServiceContext,
  options: FollowupWorkerOptions,
): FollowupWorker {
  const settings = svc.config.Followup;
  const transport =
    options.transport ??
    createTransport(serviceQueueConfig(svc.config.Queue, svc.config.VigilMode), {
      logger: svc.logger,
      registry: options.registry,
    });
  const metrics = followupMetrics(options.registry);
  const poller = createReminderPoller({
    database: svc.database,
    adapters: svc.adapters,
    settings,
    logger: svc.logger.child({ component: 'reminder-poller' }),
    registry: options.registry,
    now: svc.now,
  });
  const handler = createIdempotentHandler(
    svc.database,
    PLAN_CONSUMER,
    createPlanHandler({
      database: svc.database,
      rules: settings.Reminders.map((r) => ({
        channel: r.Channel,
        daysBeforeWindow: r.DaysBeforeWindow,
        at: r.At,
      })),
      siteEmailTemplate: settings.SiteEmail,
      metrics,
      logger: svc.logger,
      now: svc.now,
      onReminderDue: () => poller.wake(),
    }),
    { logger: svc.logger, registry: options.registry },
  );
  const consumers: Consumer[] = [];
  let stopped: Promise<void> | undefined;

  return {
    transport,
    poller,
    async start() {
      for (let i = 0; i < settings.Consumers; i++) {
        consumers.push(await transport.consume(settings.QueueName, [PATIENT_ENROLLED], handler));
      }
      poller.start();
      svc.logger.info(
        { queue: settings.QueueName, consumers: consumers.length, transport: transport.kind },
        'follow-up worker started',
      );
    },
    stop() {
      stopped ??= (async () => {
        await Promise.all(consumers.map((c) => c.stop()));
        await poller.stop();
        if (!options.transport) await transport.close();
      })();
      return stopped;
    },
  };
}

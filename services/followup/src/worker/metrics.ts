import { getOrCreateMetric } from '@vigil/core';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The worker's Prometheus series (on the service's /metrics). */
export interface FollowupMetrics {
  /** `result`: created | duplicate (the patient already had a plan). */
  readonly plans: Counter<'result'>;
  /** Seconds from enrolment commit to plan written (the asynchronous path's end-to-end lag). */
  readonly planLag: Histogram;
  /** `result`: sent | retry | failed. */
  readonly reminders: Counter<'channel' | 'result'>;
}

/** Gets (or registers once) the worker's metrics on `registry`. */
export function followupMetrics(registry: Registry): FollowupMetrics {
  const registers = [registry];
  return {
    plans: getOrCreateMetric(
      registry,
      'vigil_followup_plans_total',
      () =>
        new Counter({
          name: 'vigil_followup_plans_total',
          help: 'patient.enrolled events handled, by outcome (created, duplicate)',
          labelNames: ['result'],
          registers,
        }),
    ),
    planLag: getOrCreateMetric(
      registry,
      'vigil_followup_plan_lag_seconds',
      () =>
        new Histogram({
          name: 'vigil_followup_plan_lag_seconds',
          help: 'Time from the enrolment to its visit plan being written',
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
          registers,
        }),
    ),
    reminders: getOrCreateMetric(
      registry,
      'vigil_followup_reminders_total',
      () =>
        new Counter({
          name: 'vigil_followup_reminders_total',
          help: 'Reminder sends by channel and outcome (sent, retry, failed)',
          labelNames: ['channel', 'result'],
          registers,
        }),
    ),
  };
}

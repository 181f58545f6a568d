import {
  createIdempotentHandler,
  createOutboxRelay,
  createTransport,
  type Consumer,
  type QueueConfigInput,
} from '@vigil/core';
import { createPlanHandler, followupMetrics, PLAN_CONSUMER } from '@vigil/followup';
import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { newRows, stats, type BenchDatabases } from './setup.js';

const silent = pino({ level: 'silent' });
const RULES = [
  { channel: 'sms' as const, daysBeforeWindow: 1, at: '09:00' },
  { channel: 'email' as const, daysBeforeWindow: 1, at: '08:00' },
];
const ACTOR = { sub: 'bench' };

/** End-to-end figures of one run. */
export interface FlowFigures {
  /** Events enrolled per second by the producer (steady runs). */
  producedPerSec: number;
  /** Plans written per second, outbox → relay → broker → worker → plan. */
  plannedPerSec: number;
  /** Seconds from the producer's last commit to the last plan written (steady runs). */
  tailSec: number;
  /** Median and 95th percentile of enrolment commit → plan written, s (steady runs). */
  lagP50Sec: number;
  lagP95Sec: number;
}

async function plans(dbs: BenchDatabases): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from followup_plan`.execute(
    dbs.followup.db,
  );
  return Number(r.rows[0]!.n);
}

async function enrol(dbs: BenchDatabases, n: number): Promise<void> {
  const now = Date.now();
  const rows = newRows(n, now);
  await dbs.enrollment.enrollBatch(rows, { ...ACTOR, roles: rows.map(() => 'coordinator') }, now);
}

/** The follow-up worker's consumers and the patient relay on `config`'s broker. */
async function startFlow(
  dbs: BenchDatabases,
  config: QueueConfigInput,
  queue: string,
  prefetch: number,
  consumers: number,
) {
  const registry = new Registry();
  const metrics = followupMetrics(registry);
  const handler = createIdempotentHandler(
    dbs.followup,
    PLAN_CONSUMER,
    createPlanHandler({
      database: dbs.followup,
      rules: RULES,
      siteEmailTemplate: 'site-{siteId}@sites.vigil.local',
      metrics,
      logger: silent,
      now: Date.now,
    }),
    { registry },
  );
  const consumerTransport = createTransport(config, { logger: silent, registry });
  const running: Consumer[] = [];
  for (let i = 0; i < consumers; i++) {
    running.push(
      await consumerTransport.consume(queue, ['patient.enrolled'], handler, { prefetch }),
    );
  }
  const producerTransport = createTransport(config, { logger: silent, registry });
  const relay = createOutboxRelay({
    database: dbs.patient,
    transport: producerTransport,
    logger: silent,
    registry,
    config: { RelayIntervalMs: 20, RelayBatchSize: 500 },
  });
  return {
    relay,
    async stop() {
      await relay.stop();
      for (const c of running) await c.stop();
      await consumerTransport.close();
      await producerTransport.close();
    },
  };
}

/**
 * Drain: `events` enrolments already committed in the outbox while the broker path was stopped
 * (the backlog after an outage); the relay starts and the clock runs until every plan is written.
 */
export async function drain(
  dbs: BenchDatabases,
  config: QueueConfigInput,
  queue: string,
  options: { events: number; prefetch: number; consumers: number },
): Promise<FlowFigures> {
  const before = await plans(dbs);
  for (let done = 0; done < options.events; done += 1000) {
    await enrol(dbs, Math.min(1000, options.events - done));
  }
  const flow = await startFlow(dbs, config, queue, options.prefetch, options.consumers);
  const started = performance.now();
  flow.relay.start();
  while ((await plans(dbs)) < before + options.events) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await flow.stop();
  return {
    producedPerSec: 0,
    plannedPerSec: options.events / seconds,
    tailSec: 0,
    lagP50Sec: 0,
    lagP95Sec: 0,
  };
}

/**
 * Steady: batches of `batch` enrolments committed back to back for `seconds` while the relay
 * and the worker run; plans written per second over the same window, and how long the last
 * plans trail the last commit.
 */
export async function steady(
  dbs: BenchDatabases,
  config: QueueConfigInput,
  queue: string,
  options: { seconds: number; batch: number; prefetch: number; consumers: number },
): Promise<FlowFigures> {
  const flow = await startFlow(dbs, config, queue, options.prefetch, options.consumers);
  flow.relay.start();
  const before = await plans(dbs);
  const wallStart = Date.now();
  const started = performance.now();
  let produced = 0;
  while (performance.now() - started < options.seconds * 1000) {
    await enrol(dbs, options.batch);
    flow.relay.wake();
    produced += options.batch;
  }
  const window = (performance.now() - started) / 1000;
  const inWindow = (await plans(dbs)) - before;
  const lastCommit = performance.now();
  while ((await plans(dbs)) < before + produced) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const tailSec = (performance.now() - lastCommit) / 1000;
  // Commit (outbox row) → plan written, per event of this run.
  const committed = await sql<{ id: string; created_at: Date }>`
    select id, created_at from vigil_outbox where created_at >= ${new Date(wallStart)}`.execute(
    dbs.patient.db,
  );
  const planned = await sql<{ event_id: string; created_at: Date }>`
    select event_id, created_at from followup_plan`.execute(dbs.followup.db);
  const planAt = new Map(planned.rows.map((r) => [r.event_id, new Date(r.created_at).getTime()]));
  const lags = committed.rows.flatMap((r) => {
    const at = planAt.get(r.id);
    return at === undefined ? [] : [(at - new Date(r.created_at).getTime()) / 1000];
  });
  const { p50, p95 } = stats(lags);
  await flow.stop();
  return {
    producedPerSec: produced / window,
    plannedPerSec: inWindow / window,
    tailSec,
    lagP50Sec: p50,
    lagP95Sec: p95,
  };
}

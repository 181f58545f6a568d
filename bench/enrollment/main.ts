/**
 * `npm run bench -- enrollment [--rounds 9] [--batch 100] [--events 3000] [--seconds 10]
 * [--prefetch 32] [--consumers 1] [--pool 10]`: seed step 6 measured.
 *
 * 1. Request time of batch enrolment of `batch` patients, Vigil's way (patients + audit + one
 *    outbox event each in one transaction; plans made later by the worker) against the seed's
 *    "before" (the same, then every patient's visit plan computed and written inside the
 *    request). In-process on the machine's PostgreSQL, rounds alternating, medians.
 * 2. End-to-end flow, outbox → relay → broker → follow-up worker → plan written: a backlog of
 *    `events` drained (after an outage) through RabbitMQ and the PostgreSQL transport, and a
 *    steady run (enrolments committed back to back for `seconds`) through RabbitMQ.
 */
import { requireService } from '@vigil/testkit';
import { connect } from 'amqplib';
import pg from 'pg';
import { enrolAsync, enrolInline } from './request.js';
import { newRows, openDatabases, run, stats } from './setup.js';
import { drain, steady, type FlowFigures } from './throughput.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const ROUNDS = arg('rounds', 9);
const BATCH = arg('batch', 100);
const EVENTS = arg('events', 3000);
const SECONDS = arg('seconds', 10);
const PREFETCH = arg('prefetch', 32);
const CONSUMERS = arg('consumers', 1);
const POOL = arg('pool', 10);

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
if (!amqpUrl || !pgUrl) throw new Error('the enrollment bench needs RabbitMQ and PostgreSQL');

const out = (line = '') => process.stdout.write(`${line}\n`);
const dbs = await openDatabases(pgUrl, POOL);
const exchange = `vigil.bench.enrol.${run}`;
const schema = `vigil_bench_enrol_${run}`;
const queue = `followup.bench-${run}`;
try {
  // 1. Request time.
  const timings = { async: [] as number[], inline: [] as number[] };
  // Warm-up: JIT, pools, plan caches.
  await enrolAsync(dbs, newRows(BATCH, Date.now()), Date.now());
  await enrolInline(dbs, newRows(BATCH, Date.now()), Date.now());
  for (let r = 0; r < ROUNDS; r++) {
    for (const variant of r % 2 ? (['inline', 'async'] as const) : (['async', 'inline'] as const)) {
      const now = Date.now();
      const rows = newRows(BATCH, now);
      const started = performance.now();
      await (variant === 'async' ? enrolAsync : enrolInline)(dbs, rows, now);
      timings[variant].push(performance.now() - started);
    }
  }
  const a = stats(timings.async);
  const b = stats(timings.inline);
  out(`## enrollment: request time for ${BATCH} patients (${ROUNDS} rounds each, alternating)`);
  out();
  out('| variant | p50 ms | p95 ms | vs inline (p50) |');
  out('| --- | --- | --- | --- |');
  out(
    `| plans inline in the request (seed's "before", baseline) | ${b.p50.toFixed(1)} | ${b.p95.toFixed(1)} | 1.00 |`,
  );
  out(
    `| Vigil: outbox event per patient, plans by the worker | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${(a.p50 / b.p50).toFixed(2)} (${(b.p50 / a.p50).toFixed(1)}× faster) |`,
  );
  out();

  // 2. End-to-end flow.
  const rabbit = { Transport: 'rabbitmq' as const, Url: amqpUrl, Exchange: exchange };
  const postgres = { Transport: 'postgres' as const, Url: pgUrl, Schema: schema };
  const flow = { prefetch: PREFETCH, consumers: CONSUMERS };
  const rows: [string, FlowFigures][] = [];
  rows.push([
    `drain ${EVENTS} queued, RabbitMQ`,
    await drain(dbs, rabbit, queue, { events: EVENTS, ...flow }),
  ]);
  rows.push([
    `drain ${EVENTS} queued, PostgreSQL transport`,
    await drain(dbs, postgres, queue, { events: EVENTS, ...flow }),
  ]);
  rows.push([
    `steady ${SECONDS} s, batches of ${BATCH}, RabbitMQ`,
    await steady(dbs, rabbit, queue, { seconds: SECONDS, batch: BATCH, ...flow }),
  ]);
  out(
    `## enrollment: outbox → relay → broker → worker → plan written (prefetch ${PREFETCH}, ${CONSUMERS} consumer)`,
  );
  out();
  out(
    '| run | enrolled/s | plans written/s | last plan after last commit, s | commit→plan p50 s | p95 s |',
  );
  out('| --- | --- | --- | --- | --- | --- |');
  for (const [label, f] of rows) {
    const p = (n: number, d = 0) => (n ? n.toFixed(d) : '–');
    out(
      `| ${label} | ${p(f.producedPerSec)} | ${f.plannedPerSec.toFixed(0)} | ${p(f.tailSec, 2)} | ${p(f.lagP50Sec, 2)} | ${p(f.lagP95Sec, 2)} |`,
    );
  }
} finally {
  await dbs.close();
  const conn = await connect(amqpUrl);
  for (const name of [
    queue,
    `${queue}.dlq`,
    ...[1000, 2000, 4000, 8000].map((d) => `${queue}.retry.${d}ms`),
  ]) {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    await ch.deleteQueue(name).catch(() => undefined);
    await ch.close().catch(() => undefined);
  }
  const ch = await conn.createChannel();
  await ch.deleteExchange(exchange).catch(() => undefined);
  await conn.close();
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
}

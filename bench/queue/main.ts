/**
 * `npm run bench -- queue [--events N] [--rounds N] [--producers N] [--batch N] [--prefetch N]
 * [--only rabbitmq,postgres] [--pool N]`: sustained end-to-end event throughput, from the producer's outbox
 * insert to the consumer's handler done, through RabbitMQ and through the PostgreSQL transport.
 * Baseline in the same run: raw amqplib publish (confirm channel, persistent) → consume (manual
 * ack) of the same messages into a quorum queue, no outbox and no idempotency. Variants:
 *   - transport only: Vigil `publish` → `consume` (confirms, retry topology, metrics, trace);
 *   - end to end: `enqueueMany` in producer transactions → relay → consumer with
 *     `createIdempotentHandler` (processed-events row in the handler's transaction).
 *   - stages: the relay draining a full outbox, the idempotent consumer emptying a full queue and
 *     the producers' inserts, each alone, to show which one bounds the end-to-end figure.
 * Baseline and variants alternate for `rounds`; the table shows medians. CPU is this process's
 * (producer + relay + consumer), not the broker's or PostgreSQL's.
 */
import { createDatabase, migrateUp, outboxMigrations, type OutboxTables } from '@vigil/core';
import type { QueueConfigInput } from '@vigil/core';
import { requireService } from '@vigil/testkit';
import { connect } from 'amqplib';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import {
  BATCH,
  EVENTS,
  med,
  only,
  POOL,
  PREFETCH,
  PRODUCERS,
  ROUNDS,
  run,
  type Figures,
} from './common.js';
import { consumeOnly, produceOnly, relayOnly } from './stages.js';
import { endToEnd, rawAmqp, transportOnly } from './variants.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
if (!amqpUrl || !pgUrl) throw new Error('the queue bench needs RabbitMQ and PostgreSQL');

const dbName = `vigil_bench_${run}`;
const admin = new pg.Client({ connectionString: pgUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const outboxUrl = new URL(pgUrl);
outboxUrl.pathname = `/${dbName}`;
const database = createDatabase<OutboxTables>(
  { DataSource: outboxUrl.toString(), MaxOpenConns: POOL },
  // Silent: dropping the database at the end terminates the pool's last connections.
  { logger: pino({ level: 'silent' }), registry: new Registry(), service: 'bench' },
);
await migrateUp(database, outboxMigrations);
const exchange = `vigil.bench.${run}`;
const schema = `vigil_bench_${run}`;
const rabbit: QueueConfigInput = { Transport: 'rabbitmq', Url: amqpUrl, Exchange: exchange };
const postgres: QueueConfigInput = { Transport: 'postgres', Url: pgUrl, Schema: schema };

type Variant = [label: string, fn: (round: number) => Promise<Figures>];
const variants: Variant[] = [
  ['raw amqplib publish→consume (baseline)', (r) => rawAmqp(amqpUrl, r)],
];
for (const [name, config] of [
  ['RabbitMQ', rabbit],
  ['PostgreSQL', postgres],
] as const) {
  if (!only.has(config.Transport)) continue;
  variants.push([`Vigil transport, ${name}`, (r) => transportOnly(config, r)]);
  variants.push([`outbox→relay→idempotent, ${name}`, (r) => endToEnd(config, database, r)]);
  variants.push([`stage: relay drain only, ${name}`, (r) => relayOnly(config, database, r)]);
  variants.push([
    `stage: idempotent consume only, ${name}`,
    (r) => consumeOnly(config, database, r),
  ]);
}
variants.push(['stage: outbox inserts only', () => produceOnly(database)]);

const results = new Map<string, Figures[]>(variants.map(([label]) => [label, []]));
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [label, fn] of variants) {
      process.stderr.write(`round ${round + 1}/${ROUNDS}: ${label}…\n`);
      results.get(label)!.push(await fn(round));
    }
  }
} finally {
  await cleanupBrokers();
  await database.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
}

/** Deletes the bench's exchange and every queue it declared (retry and dead-letter ones too). */
async function cleanupBrokers(): Promise<void> {
  const conn = await connect(amqpUrl!);
  const ch = await conn.createChannel();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const kind of ['t', 'e', 'r', 'c']) {
      const base = `bench.${run}.${kind}.${round}`;
      for (const suffix of ['', '.dlq', ...[1000, 2000, 4000, 8000].map((d) => `.retry.${d}ms`)]) {
        await ch.deleteQueue(`${base}${suffix}`);
      }
    }
  }
  await ch.deleteExchange(exchange);
  await conn.close();
}

const base = med(results.get(variants[0]![0])!);
const lines = [
  `${EVENTS} events × ${ROUNDS} rounds, ${PRODUCERS} producers × ${BATCH} events/transaction, prefetch ${PREFETCH}, outbox pool ${POOL}`,
  '',
  '| variant | events/s | s per run | CPU µs/event (this process) | throughput vs baseline |',
  '| --- | --- | --- | --- | --- |',
];
for (const [label] of variants) {
  const f = med(results.get(label)!);
  lines.push(
    `| ${label} | ${f.eventsPerSec.toFixed(0)} | ${f.seconds.toFixed(2)} | ${f.cpuUsPerEvent.toFixed(0)} | ${(f.eventsPerSec / base.eventsPerSec).toFixed(2)} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);

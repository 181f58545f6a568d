import { performance } from 'node:perf_hooks';
import {
  createIdempotentHandler,
  createOutboxRelay,
  createTransport,
  enqueueMany,
  type Database,
  type OutboxTables,
  type QueueConfigInput,
} from '@vigil/core';
import { Registry } from 'prom-client';
import {
  BATCH,
  counter,
  EVENTS,
  logger,
  measure,
  payload,
  PREFETCH,
  PRODUCERS,
  run,
  type Figures,
} from './common.js';

/**
 * The end-to-end path one stage at a time, each timed alone with its input prepared beforehand,
 * so the table shows which stage bounds the whole: producers' outbox inserts, the relay draining
 * a full outbox, and the idempotent consumer working through a full queue.
 */
async function produce(database: Database<OutboxTables>, topic: string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PRODUCERS }, async () => {
      while (next < EVENTS) {
        const start = next;
        next = Math.min(EVENTS, next + BATCH);
        const events: { topic: string; payload: ReturnType<typeof payload> }[] = [];
        for (let i = start; i < next; i += 1) events.push({ topic, payload: payload(i) });
        await database.transaction((trx) => enqueueMany(trx, events));
      }
    }),
  );
}

/** Outbox inserts alone: PRODUCERS concurrent transactions of BATCH events. */
export async function produceOnly(database: Database<OutboxTables>): Promise<Figures> {
  const figures = await measure(() => produce(database, 'bench.stage.produce'), Promise.resolve());
  await database.db.deleteFrom('vigil_outbox').execute();
  return figures;
}

/** The relay alone: drains a full outbox to a bound queue nobody consumes yet. */
export async function relayOnly(
  config: QueueConfigInput,
  database: Database<OutboxTables>,
  round: number,
): Promise<Figures> {
  const transport = createTransport(config, { logger, registry: new Registry() });
  const topic = `bench.relay.${round}`;
  await transport.declare(`bench.${run}.r.${round}`, [topic]);
  await produce(database, topic);
  const relay = createOutboxRelay({
    database,
    transport,
    logger,
    config: { RelayBatchSize: 200 },
  });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let sent = 0;
  while (sent < EVENTS) sent += await relay.drain();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await transport.close();
  await database.db.deleteFrom('vigil_outbox').execute();
  return {
    seconds,
    eventsPerSec: EVENTS / seconds,
    cpuUsPerEvent: (cpu.user + cpu.system) / EVENTS,
  };
}

/** The consumer alone: idempotent handler over a queue already holding every event. */
export async function consumeOnly(
  config: QueueConfigInput,
  database: Database<OutboxTables>,
  round: number,
): Promise<Figures> {
  const transport = createTransport(config, { logger, registry: new Registry() });
  const queue = `bench.${run}.c.${round}`;
  const topic = `bench.consume.${round}`;
  await transport.declare(queue, [topic]);
  for (let start = 0; start < EVENTS; start += 200) {
    const batch = [];
    for (let i = start; i < Math.min(EVENTS, start + 200); i += 1) {
      batch.push({
        id: `${run}-c${round}-${i}`,
        topic,
        body: JSON.stringify(payload(i)),
        headers: {},
      });
    }
    await transport.publishMany(batch);
  }
  const c = counter();
  const handler = createIdempotentHandler(database, queue, async () => undefined);
  const figures = await measure(async () => {
    await transport.consume(
      queue,
      [topic],
      async (e) => {
        await handler(e);
        c.hit();
      },
      { prefetch: PREFETCH },
    );
  }, c.done);
  await transport.close();
  return figures;
}

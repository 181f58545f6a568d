import {
  createIdempotentHandler,
  createOutboxRelay,
  createTransport,
  enqueueMany,
  type Database,
  type OutboxTables,
  type QueueConfigInput,
} from '@vigil/core';
import { connect } from 'amqplib';
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

/** Baseline: raw amqplib, confirm channel publish → manual-ack consume, quorum queue. */
export async function rawAmqp(url: string, round: number): Promise<Figures> {
  const conn = await connect(url);
  const pub = await conn.createConfirmChannel();
  const sub = await conn.createChannel();
  const queue = `vigil.bench.${run}.raw.${round}`;
  await sub.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await sub.prefetch(PREFETCH);
  const c = counter();
  await sub.consume(queue, (msg) => {
    if (!msg) return;
    JSON.parse(msg.content.toString());
    sub.ack(msg);
    c.hit();
  });
  const figures = await measure(async () => {
    for (let i = 0; i < EVENTS; i += 1) {
      pub.publish('', queue, Buffer.from(JSON.stringify(payload(i))), {
        persistent: true,
        messageId: `${run}-${round}-${i}`,
        contentType: 'application/json',
      });
    }
    await pub.waitForConfirms();
  }, c.done);
  await sub.deleteQueue(queue);
  await conn.close();
  return figures;
}

/** Vigil's transport alone: publishMany in relay-sized batches → consume. */
export async function transportOnly(config: QueueConfigInput, round: number): Promise<Figures> {
  const transport = createTransport(config, { logger, registry: new Registry() });
  const queue = `bench.${run}.t.${round}`;
  const topic = `bench.transport.${round}`;
  const c = counter();
  await transport.consume(queue, [topic], async () => c.hit(), { prefetch: PREFETCH });
  const figures = await measure(async () => {
    // The relay's shape: batches of 200 through publishMany, each event confirmed.
    const window = 200;
    for (let start = 0; start < EVENTS; start += window) {
      const batch = [];
      for (let i = start; i < Math.min(EVENTS, start + window); i += 1) {
        batch.push({
          id: `${run}-${round}-${i}`,
          topic,
          body: JSON.stringify(payload(i)),
          headers: {},
        });
      }
      const errors = await transport.publishMany(batch);
      if (errors.some(Boolean)) throw new Error('publish failed');
    }
  }, c.done);
  await transport.close();
  return figures;
}

/** Producers' outbox transactions → relay → consumer with the idempotent handler. */
export async function endToEnd(
  config: QueueConfigInput,
  database: Database<OutboxTables>,
  round: number,
): Promise<Figures> {
  const registry = new Registry();
  const transport = createTransport(config, { logger, registry });
  const queue = `bench.${run}.e.${round}`;
  const topic = `bench.e2e.${round}`;
  const c = counter();
  const handler = createIdempotentHandler(database, queue, async () => undefined, { registry });
  await transport.consume(
    queue,
    [topic],
    async (e) => {
      await handler(e);
      c.hit();
    },
    { prefetch: PREFETCH },
  );
  const relay = createOutboxRelay({
    database,
    transport,
    logger,
    registry,
    config: { RelayIntervalMs: 50, RelayBatchSize: 200 },
  });
  relay.start();
  const figures = await measure(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (next < EVENTS) {
          const start = next;
          next = Math.min(EVENTS, next + BATCH);
          const events: { topic: string; payload: ReturnType<typeof payload> }[] = [];
          for (let i = start; i < next; i += 1) events.push({ topic, payload: payload(i) });
          await database.transaction((trx) => enqueueMany(trx, events));
          relay.wake();
        }
      }),
    );
  }, c.done);
  await relay.stop();
  await transport.close();
  return figures;
}

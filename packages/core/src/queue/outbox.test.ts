import { requireService, waitFor } from '@vigil/testkit';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../cache/test-metrics.js';
import { freePort } from '../store/test-databases.js';
import { currentTrace, runWithTrace, traceFromTraceparent } from '../trace/index.js';
import { createIdempotentHandler } from './idempotent.js';
import { enqueue, enqueueMany, type NewEvent } from './outbox.js';
import { createOutboxRelay, type OutboxRelay } from './relay.js';
import {
  brokerTargets,
  collectingLogger,
  outboxTargets,
  unique,
  type BrokerSandbox,
  type OutboxDatabase,
} from './test-support.js';
import { createTransport } from './transport.js';
import type { Transport } from './types.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
const mysqlUrl = await requireService('mysql');

const FAST = { BackoffMs: 20, MaxBackoffMs: 200, PollIntervalMs: 100, DepthIntervalMs: 0 };
const RELAY = { RelayIntervalMs: 20, BackoffMs: 20, RelayMaxBackoffMs: 100 };

function events(n: number, topic: string, tag: string): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({ topic, payload: { tag, i } }));
}

/** The same URL with its port pointing where nothing listens. */
async function deadUrl(url: string): Promise<string> {
  const u = new URL(url);
  u.port = String(await freePort());
  return u.toString();
}

for (const [dbLabel, openDb] of outboxTargets(pgUrl, mysqlUrl)) {
  describe.skipIf(!openDb)(`outbox on ${dbLabel}`, () => {
    let outbox: OutboxDatabase;
    // Per test: relays, transports and broker namespaces; a relay left running would claim the
    // next test's rows.
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      outbox = await openDb!();
    });

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      // Every test leaves the outbox drained, so the lag gauge of the next one starts at zero.
      await outbox.database.db.deleteFrom('vigil_outbox').execute();
    });

    afterAll(async () => {
      await outbox?.cleanup();
    });

    function relayFor(transport: Transport, registry?: Registry, logger = collectingLogger()) {
      const relay = createOutboxRelay({
        database: outbox.database,
        transport,
        logger: logger.logger,
        registry,
        config: { ...RELAY, UnavailableLogIntervalMs: 60_000 },
      });
      cleanups.push(() => relay.stop());
      return relay;
    }

    it('writes events only when the transaction commits, with the trace and JSON as given', async () => {
      const trace = traceFromTraceparent(undefined);
      const topic = unique('t').replace('_', '.');
      await expect(
        outbox.database.transaction(async (trx) => {
          await enqueue(trx, { topic, payload: { lost: true } });
          throw new Error('the enrollment failed');
        }),
      ).rejects.toThrow('the enrollment failed');
      const id = await runWithTrace(trace, () =>
        outbox.database.transaction((trx) =>
          enqueue(trx, { topic, payload: { patient: 'P-1', dose: 2.5 }, id: `enrolled:${topic}` }),
        ),
      );
      const rows = await outbox.database.db
        .selectFrom('vigil_outbox')
        .selectAll()
        .where('topic', '=', topic)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        id,
        payload: '{"patient":"P-1","dose":2.5}',
        sent_at: null,
        attempts: 0,
      });
      expect(JSON.parse(rows[0]!.headers)).toEqual({
        traceparent: expect.stringContaining(trace.traceId),
      });
      // A deterministic id makes producing idempotent too.
      await expect(
        outbox.database.transaction((trx) =>
          enqueue(trx, { topic, payload: {}, id: `enrolled:${topic}` }),
        ),
      ).rejects.toThrow();
    });

    it('rejects a bad topic or id before touching the database', async () => {
      await expect(
        outbox.database.transaction((trx) => enqueue(trx, { topic: 'has space', payload: 1 })),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(
        outbox.database.transaction((trx) =>
          enqueue(trx, { topic: 'ok.topic', payload: 1, id: 'x'.repeat(65) }),
        ),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('deletes sent rows older than the retention, never unsent ones', async () => {
      const day = 24 * 60 * 60 * 1000;
      const ids = await outbox.database.transaction((trx) =>
        enqueueMany(trx, events(3, 'retention.test', 'r')),
      );
      const old = new Date(Date.now() - 2 * day);
      await outbox.database.db
        .updateTable('vigil_outbox')
        .set({ sent_at: old, created_at: old })
        .where('id', 'in', ids.slice(0, 2))
        .execute();
      await outbox.database.db
        .updateTable('vigil_outbox')
        .set({ created_at: old })
        .where('id', '=', ids[2]!)
        .execute();
      // The relay never publishes here: the only unsent row is not due yet.
      await outbox.database.db
        .updateTable('vigil_outbox')
        .set({ available_at: new Date(Date.now() + day) })
        .where('id', '=', ids[2]!)
        .execute();
      const transport = createTransport({ Transport: 'postgres', Url: 'postgres://127.0.0.1:1/x' });
      const relay = createOutboxRelay({
        database: outbox.database,
        transport,
        logger: collectingLogger().logger,
        config: { ...RELAY, OutboxRetentionMs: day },
      });
      cleanups.push(
        () => transport.close(),
        () => relay.stop(),
      );
      relay.start();
      const left = await waitFor(async () => {
        const rows = await outbox.database.db.selectFrom('vigil_outbox').select('id').execute();
        return rows.length === 1 && rows;
      });
      expect(left.map((r) => r.id)).toEqual([ids[2]]);
    });

    it('polls an idle outbox less and less often, and a wake() after a commit looks at once', async () => {
      // The real database, with the start time of each relay pass (one transaction per pass).
      const passes: number[] = [];
      const database: OutboxDatabase['database'] = {
        get db() {
          return outbox.database.db;
        },
        dialect: outbox.database.dialect,
        transaction: (fn, options) => {
          passes.push(performance.now());
          return outbox.database.transaction(fn, options);
        },
        ping: () => outbox.database.ping(),
        close: () => outbox.database.close(),
      };
      // Nothing listens there: the woken pass's publish fails and counts an attempt on the row.
      const transport = createTransport({ Transport: 'postgres', Url: 'postgres://127.0.0.1:1/x' });
      const relay = createOutboxRelay({
        database,
        transport,
        logger: collectingLogger().logger,
        config: { ...RELAY, RelayIntervalMs: 10, RelayIdleMaxMs: 60_000 },
      });
      cleanups.push(
        () => transport.close(),
        () => relay.stop(),
      );
      relay.start();
      await waitFor(() => passes.length >= 8, { what: 'eight idle passes' });
      // Each empty pass doubles the wait: 10, 20, 40 … 640 ms (timers never fire early).
      const gaps = passes.slice(1).map((t, i) => t - passes[i]!);
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(10 * 2 ** i - 1));

      // The next pass is due 1280 ms after the last one; a wake() runs it now.
      const last = passes.at(-1)!;
      const [id] = await outbox.database.transaction((trx) =>
        enqueueMany(trx, [{ topic: 'idle.test', payload: {} }]),
      );
      relay.wake();
      await waitFor(async () => {
        const row = await outbox.database.db
          .selectFrom('vigil_outbox')
          .select('attempts')
          .where('id', '=', id!)
          .executeTakeFirst();
        return (row?.attempts ?? 0) >= 1;
      });
      // (The failed publish then puts the relay on its broker backoff: more passes may follow.)
      expect(passes[8]! - last).toBeLessThan(1280);
    });

    for (const [brokerLabel, target] of brokerTargets(amqpUrl, pgUrl)) {
      describe.skipIf(!target)(`through ${brokerLabel}`, () => {
        async function sandbox(): Promise<BrokerSandbox> {
          const box = await target!.open(FAST);
          cleanups.push(box.cleanup);
          return box;
        }

        function transportFor(config: BrokerSandbox['config'], registry?: Registry) {
          const { logger } = collectingLogger();
          const transport = createTransport(config, { logger, registry });
          cleanups.push(() => transport.close());
          return transport;
        }

        it('keeps producing while the broker is down and drains exactly once when it is back', async () => {
          const box = await sandbox();
          const queue = box.track(unique('q'));
          const topic = `enrolled.${unique('t')}`;
          const registry = new Registry();
          const outage = collectingLogger();
          const down = transportFor({ ...box.config, Url: await deadUrl(box.config.Url) });
          const relayDown = relayFor(down, registry, outage);
          relayDown.start();

          const producer = traceFromTraceparent(undefined);
          const ids = await runWithTrace(producer, async () => {
            const all: string[] = [];
            for (let batch = 0; batch < 3; batch += 1) {
              all.push(
                ...(await outbox.database.transaction((trx) =>
                  enqueueMany(trx, events(10, topic, `b${batch}`)),
                )),
              );
            }
            return all;
          });
          await waitFor(
            async () => {
              const rows = await outbox.database.db
                .selectFrom('vigil_outbox')
                .select(['attempts', 'last_error', 'sent_at'])
                .where('id', 'in', ids)
                .execute();
              return rows.length === 30 && rows.every((r) => r.attempts >= 3 && !r.sent_at) && rows;
            },
            { what: 'the relay to retry every row a few times' },
          );
          await relayDown.stop();
          const warnings = outage.lines.filter((l) =>
            String(l.msg).startsWith('outbox relay cannot reach the broker'),
          );
          expect(warnings).toHaveLength(1);
          expect(await metricValue(registry, 'vigil_outbox_lag_seconds')).toBeGreaterThan(0);

          const up = transportFor(box.config, registry);
          const traces = new Map<string, string | undefined>();
          const handler = createIdempotentHandler(outbox.database, queue, async (e, trx) => {
            traces.set(e.id, currentTrace()?.traceId);
            await trx.insertInto('handled').values({ event_id: e.id, runner: queue }).execute();
          });
          await up.consume(queue, [topic], handler);
          const relayUp = relayFor(up, registry);
          relayUp.start();
          // Committed handler runs, not handler starts: the last one may still be committing.
          const handled = await waitFor(
            async () => {
              const rows = await outbox.database.db
                .selectFrom('handled')
                .select('event_id')
                .where('runner', '=', queue)
                .execute();
              return rows.length >= 30 && rows;
            },
            { what: 'every event handled', timeoutMs: 20_000 },
          );
          await relayUp.stop();
          expect(handled.map((h) => h.event_id).sort()).toEqual([...ids].sort());
          expect([...traces.values()].every((t) => t === producer.traceId)).toBe(true);
          const unsent = await outbox.database.db
            .selectFrom('vigil_outbox')
            .select('id')
            .where('id', 'in', ids)
            .where('sent_at', 'is', null)
            .execute();
          expect(unsent).toEqual([]);
          expect(await metricValue(registry, 'vigil_outbox_lag_seconds')).toBe(0);
        });

        it('holds an event nobody consumes yet and publishes it once its queue exists', async () => {
          const box = await sandbox();
          const queue = box.track(unique('q'));
          const topic = `late.${unique('t')}`;
          const transport = transportFor(box.config);
          const relay = relayFor(transport);
          const [id] = await outbox.database.transaction((trx) =>
            enqueueMany(trx, [{ topic, payload: { late: true } }]),
          );
          expect(await relay.drain()).toBe(0);
          const [row] = await outbox.database.db
            .selectFrom('vigil_outbox')
            .selectAll()
            .where('id', '=', id!)
            .execute();
          expect(row).toMatchObject({ sent_at: null, attempts: 1 });
          expect(row!.last_error).toMatch(/no queue is bound/);

          const got: string[] = [];
          await transport.consume(queue, [topic], async (e) => {
            got.push(e.id);
          });
          relay.start();
          await waitFor(() => got.length === 1, { what: 'the held event' });
          expect(got).toEqual([id]);
        });

        it('lets two relays share the outbox without publishing an event twice', async () => {
          const box = await sandbox();
          const queue = box.track(unique('q'));
          const topic = `shared.${unique('t')}`;
          const transport = transportFor(box.config);
          const deliveries = new Map<string, number>();
          await transport.consume(
            queue,
            [topic],
            async (e) => {
              deliveries.set(e.id, (deliveries.get(e.id) ?? 0) + 1);
            },
            { prefetch: 50 },
          );
          const ids = await outbox.database.transaction((trx) =>
            enqueueMany(trx, events(200, topic, 'shared')),
          );
          const relays: OutboxRelay[] = [0, 1].map(() =>
            createOutboxRelay({
              database: outbox.database,
              transport,
              logger: collectingLogger().logger,
              config: { ...RELAY, RelayBatchSize: 10 },
            }),
          );
          cleanups.push(() => Promise.all(relays.map((r) => r.stop())).then(() => undefined));
          relays.forEach((r) => r.start());
          await waitFor(() => deliveries.size === 200, { what: 'all 200', timeoutMs: 20_000 });
          await Promise.all(relays.map((r) => r.stop()));
          expect([...deliveries.keys()].sort()).toEqual([...ids].sort());
          expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
        });
      });
    }
  });
}

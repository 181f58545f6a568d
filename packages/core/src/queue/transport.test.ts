import { requireService, waitFor } from '@vigil/testkit';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../cache/test-metrics.js';
import { currentTrace, runWithTrace, traceFromTraceparent } from '../trace/index.js';
import { headersForNewEvent } from './headers.js';
import { createIdempotentHandler } from './idempotent.js';
import {
  brokerTargets,
  collectingLogger,
  outboxTargets,
  unique,
  type OutboxDatabase,
} from './test-support.js';
import { createTransport } from './transport.js';
import type { DeliveredEvent, OutgoingEvent, Transport } from './types.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');

function event(id: string, topic: string, payload: unknown = { id }): OutgoingEvent {
  return { id, topic, body: JSON.stringify(payload), headers: headersForNewEvent() };
}

/** A promise the test resolves by hand. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

for (const [label, target] of brokerTargets(amqpUrl, pgUrl)) {
  describe.skipIf(!target)(`queue transport on ${label}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    let outbox: OutboxDatabase | undefined;

    beforeAll(async () => {
      const open = outboxTargets(pgUrl)[0]![1];
      outbox = await open?.();
    });

    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await outbox?.cleanup();
    });

    async function sandbox(overrides: Record<string, unknown> = {}) {
      const box = await target!.open({
        BackoffMs: 20,
        MaxBackoffMs: 200,
        PollIntervalMs: 100,
        DepthIntervalMs: 0,
        ...overrides,
      });
      const registry = new Registry();
      const { logger, lines } = collectingLogger();
      const transport: Transport = createTransport(box.config, { logger, registry });
      cleanups.push(box.cleanup, () => transport.close());
      return { box, transport, registry, lines };
    }

    it('delivers an event with its payload and headers inside the producer trace', async () => {
      const { box, transport } = await sandbox();
      const queue = box.track(unique('q'));
      const got: { event: DeliveredEvent; traceId: string | undefined }[] = [];
      await transport.consume(queue, ['patient.enrolled'], async (e) => {
        got.push({ event: e, traceId: currentTrace()?.traceId });
      });
      const producer = traceFromTraceparent(undefined);
      await runWithTrace(producer, () =>
        transport.publish({
          id: 'evt-1',
          topic: 'patient.enrolled',
          body: JSON.stringify({ patientId: 'P-1' }),
          headers: headersForNewEvent({ 'x-site': 'S07' }),
        }),
      );
      await waitFor(() => got.length === 1, { what: 'the delivery' });
      expect(got[0]!.event).toMatchObject({
        id: 'evt-1',
        topic: 'patient.enrolled',
        queue,
        payload: { patientId: 'P-1' },
        attempt: 1,
        headers: { 'x-site': 'S07', traceparent: expect.stringContaining(producer.traceId) },
      });
      expect(got[0]!.traceId).toBe(producer.traceId);
    });

    it('routes by AMQP binding keys and rejects an event no queue is bound to', async () => {
      const { box, transport } = await sandbox();
      const queue = box.track(unique('q'));
      await transport.declare(queue, ['visit.*']);
      await transport.publish(event('v1', 'visit.planned'));
      await expect(transport.publish(event('n1', 'nobody.listens'))).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        details: [{ field: 'topic', reason: 'unroutable' }],
      });
      await expect(transport.publish(event('v2', 'visit.planned.v2'))).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
      const [status] = await waitFor(async () => {
        const s = await transport.status([queue]);
        return s[0]?.ready === 1 && s;
      });
      expect(status).toMatchObject({ queue, ready: 1, delayed: 0, dead: 0 });
    });

    it('publishes a batch with one outcome per event, in order', async () => {
      const { box, transport } = await sandbox();
      const queue = box.track(unique('q'));
      const got: string[] = [];
      await transport.consume(
        queue,
        ['batch.*'],
        async (e) => {
          got.push(e.id);
        },
        { prefetch: 1 },
      );
      const outcomes = await transport.publishMany([
        event('b1', 'batch.one'),
        event('b2', 'nobody.listens'),
        event('b3', 'batch.three'),
      ]);
      expect(outcomes.map((o) => o?.details?.[0]?.reason)).toEqual([
        undefined,
        'unroutable',
        undefined,
      ]);
      await waitFor(() => got.length === 2, { what: 'the routed events' });
      expect(got).toEqual(['b1', 'b3']);
      expect(await transport.publishMany([])).toEqual([]);
    });

    it('never handles more events at once than the prefetch', async () => {
      const { box, transport } = await sandbox();
      const queue = box.track(unique('q'));
      const release = gate();
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      const consumer = await transport.consume(
        queue,
        ['load.test'],
        async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await release.wait;
          running -= 1;
          done += 1;
        },
        { prefetch: 3 },
      );
      for (let i = 0; i < 10; i += 1) await transport.publish(event(`p${i}`, 'load.test'));
      await waitFor(() => consumer.inFlight() === 3, { what: 'three events in flight' });
      release.open();
      await waitFor(() => done === 10, { what: 'every event handled' });
      expect(maxRunning).toBe(3);
    });

    it('retries with backoff, dead-letters after the last attempt and replays once fixed', async () => {
      const { box, transport, registry } = await sandbox({ MaxAttempts: 3 });
      const queue = box.track(unique('q'), 3);
      let broken = true;
      const attempts: number[] = [];
      let handled = 0;
      await transport.consume(queue, ['report.requested'], async (e) => {
        attempts.push(e.attempt);
        if (broken) throw new Error('renderer out of memory');
        handled += 1;
      });
      await transport.publish(event('r1', 'report.requested', { report: 7 }));
      const [dead] = await waitFor(async () => {
        const list = await transport.dlq.list({ queue });
        return list.length === 1 && list;
      });
      expect(attempts).toEqual([1, 2, 3]);
      expect(dead).toMatchObject({
        id: 'r1',
        queue,
        topic: 'report.requested',
        payload: JSON.stringify({ report: 7 }),
        attempts: 3,
        error: expect.stringContaining('renderer out of memory'),
      });
      expect(dead!.failedAt).toBeInstanceOf(Date);
      expect(await metricValue(registry, 'vigil_queue_retries_total', { queue })).toBe(2);
      expect(await metricValue(registry, 'vigil_queue_dead_letters_total', { queue })).toBe(1);
      // RabbitMQ counts the listed (requeued) dead letter again a moment later.
      const [status] = await waitFor(async () => {
        const s = await transport.status([queue]);
        return s[0]?.dead === 1 && s;
      });
      expect(status).toMatchObject({ ready: 0, delayed: 0, dead: 1 });
      expect(await metricValue(registry, 'vigil_queue_depth', { queue, state: 'dead' })).toBe(1);
      expect(await transport.dlq.replay(['no-such-id'], { queue })).toBe(0);

      broken = false;
      // RabbitMQ re-queues what list() and the replay above looked at asynchronously, so the
      // dead letter can be out of sight for a moment; a replay that finds nothing changes nothing.
      await waitFor(async () => (await transport.dlq.replay(['r1'], { queue })) === 1, {
        what: 'the replay of r1',
      });
      await waitFor(() => handled === 1, { what: 'the replayed event' });
      expect(attempts).toEqual([1, 2, 3, 1]);
      expect(await transport.dlq.list({ queue })).toEqual([]);
    });

    it('dead-letters a body that is not JSON at once, without retrying', async () => {
      const { box, transport } = await sandbox();
      const queue = box.track(unique('q'));
      let calls = 0;
      await transport.consume(queue, ['bad.body'], async () => {
        calls += 1;
      });
      await transport.publish({ id: 'b1', topic: 'bad.body', body: '{nope', headers: {} });
      const [dead] = await waitFor(async () => {
        const list = await transport.dlq.list({ queue });
        return list.length === 1 && list;
      });
      expect(dead).toMatchObject({ id: 'b1', attempts: 1 });
      expect(dead!.error).toMatch(/not JSON/);
      expect(calls).toBe(0);
    });

    it('handles an event delivered twice once (processed-events table)', async () => {
      if (!outbox) return expect.fail('PostgreSQL is needed for the processed-events table');
      const { box, transport, registry } = await sandbox();
      const queue = box.track(unique('q'));
      const consumerName = unique('c');
      let deliveries = 0;
      const handler = createIdempotentHandler(
        outbox.database,
        consumerName,
        async (e, trx) => {
          await trx.insertInto('handled').values({ event_id: e.id, runner: 'test' }).execute();
        },
        { registry },
      );
      await transport.consume(queue, ['dup.test'], async (e) => {
        await handler(e);
        deliveries += 1;
      });
      const same = event(unique('e'), 'dup.test');
      await transport.publish(same);
      await transport.publish(same);
      await waitFor(() => deliveries === 2, { what: 'both deliveries' });
      const rows = await outbox.database.db
        .selectFrom('handled')
        .selectAll()
        .where('event_id', '=', same.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(
        await metricValue(registry, 'vigil_queue_duplicates_total', { consumer: consumerName }),
      ).toBe(1);
    });

    it('stops gracefully: no new deliveries, the one in flight finishes and is acked', async () => {
      const { box, transport, lines } = await sandbox();
      const queue = box.track(unique('q'));
      const release = gate();
      const order: string[] = [];
      const consumer = await transport.consume(queue, ['stop.test'], async (e) => {
        order.push(`start ${e.id}`);
        await release.wait;
        order.push(`done ${e.id}`);
      });
      await transport.publish(event('s1', 'stop.test'));
      await waitFor(() => consumer.inFlight() === 1, { what: 's1 in flight' });
      const stopping = consumer.stop().then(() => order.push('stopped'));
      await waitFor(
        () => lines.some((l) => l.queue === queue && String(l.msg).startsWith('consumer stopped')),
        { what: 'the consumer to stop taking events' },
      );
      await transport.publish(event('s2', 'stop.test'));
      expect(order).toEqual(['start s1']);
      release.open();
      await stopping;
      expect(order).toEqual(['start s1', 'done s1', 'stopped']);
      const [status] = await waitFor(async () => {
        const s = await transport.status([queue]);
        return s[0]?.ready === 1 && s;
      });
      // s1 was acked (gone), s2 waits for the next consumer.
      expect(status).toMatchObject({ ready: 1, delayed: 0, dead: 0 });
      if (target!.name === 'postgres') expect(status!.unacked).toBe(0);
    });
  });
}

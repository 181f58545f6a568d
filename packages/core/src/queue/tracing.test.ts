import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { requireService, waitFor } from '@vigil/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  currentTrace,
  initTelemetry,
  runWithTrace,
  shutdownTelemetry,
  startSpan,
} from '../trace/index.js';
import { createLogger } from '../log/index.js';
import { enqueue } from './outbox.js';
import { createOutboxRelay } from './relay.js';
import {
  brokerTargets,
  collectingLogger,
  outboxTargets,
  unique,
  type OutboxDatabase,
} from './test-support.js';
import { createTransport } from './transport.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
const [, openOutbox] = outboxTargets(pgUrl)[0]!;

const exporter = new InMemorySpanExporter();
beforeAll(() =>
  initTelemetry({ Sampler: 1, Batcher: 'none' }, 'queue-test', { exporter, synchronous: true }),
);
afterAll(() => shutdownTelemetry());

const FAST = { BackoffMs: 20, MaxBackoffMs: 200, PollIntervalMs: 100, DepthIntervalMs: 0 };

describe.skipIf(!openOutbox)('queue spans', () => {
  let outbox: OutboxDatabase;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    outbox = await openOutbox!();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => outbox?.cleanup());

  for (const [label, target] of brokerTargets(amqpUrl, pgUrl)) {
    it.skipIf(!target)(
      `links request → publish → process through ${label}, the handler inside the consumer span`,
      async () => {
        const box = await target!.open(FAST);
        cleanups.push(box.cleanup);
        const queue = box.track(unique('q'));
        const topic = `traced.${unique('t')}`;
        const transport = createTransport(box.config, { logger: collectingLogger().logger });
        cleanups.push(() => transport.close());
        const seen: { traceId?: string; spanId?: string }[] = [];
        const workerLines: Record<string, unknown>[] = [];
        const workerLogger = createLogger({
          service: 'followup',
          destination: { write: (line: string) => void workerLines.push(JSON.parse(line)) },
        });
        await transport.consume(queue, [topic], async () => {
          seen.push({ ...currentTrace() });
          workerLogger.info('visit plan created');
        });
        const relay = createOutboxRelay({
          database: outbox.database,
          transport,
          logger: collectingLogger().logger,
          config: { RelayIntervalMs: 20 },
        });
        cleanups.push(() => relay.stop());

        exporter.reset();
        const request = startSpan('POST /api/v1/patient/enroll', { kind: 'server' });
        await runWithTrace(request.context, () =>
          outbox.database.transaction((trx) => enqueue(trx, { topic, payload: { p: 1 } })),
        );
        request.end();
        await relay.drain();
        await waitFor(() => seen.length === 1, { what: 'the event handled' });
        const spans = await waitFor(() => {
          const got = exporter.getFinishedSpans().filter((s) => s.name.endsWith(topic));
          return got.length === 2 && got;
        });
        const find = (name: string) => spans.find((s) => s.name === name) as ReadableSpan;
        const publish = find(`publish ${topic}`);
        const process = find(`process ${topic}`);
        expect(publish.parentSpanContext?.spanId).toBe(request.context.spanId);
        expect(publish.attributes['messaging.system']).toBe(target!.name);
        expect(process.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
        expect(process.spanContext().traceId).toBe(request.context.traceId);
        expect(process.attributes).toMatchObject({
          'messaging.consumer.group.name': queue,
          'vigil.queue.result': 'ok',
        });
        expect(seen[0]).toMatchObject({
          traceId: request.context.traceId,
          spanId: process.spanContext().spanId,
        });
        expect(workerLines[0]).toMatchObject({
          msg: 'visit plan created',
          trace_id: request.context.traceId,
          span_id: process.spanContext().spanId,
        });
      },
    );
  }
});

import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentTrace,
  initTelemetry,
  runWithTrace,
  shutdownTelemetry,
  startSpan,
} from '../trace/index.js';
import { createCache } from './cache.js';

const exporter = new InMemorySpanExporter();
beforeAll(() =>
  initTelemetry({ Sampler: 1, Batcher: 'none' }, 'cache-test', { exporter, synchronous: true }),
);
afterAll(() => shutdownTelemetry());

describe('cache spans', () => {
  it('spans each call of a trace; a miss runs the loader inside the cache span', async () => {
    exporter.reset();
    const cache = createCache(
      { KeyPrefix: 't:' },
      { logger: pino({ level: 'silent' }), registry: new Registry(), service: 'cache-test' },
    );
    const request = startSpan('request', { kind: 'server' });
    let loaderParent: string | undefined;
    await runWithTrace(request.context, async () => {
      await cache.take('patient:P1', async () => {
        loaderParent = currentTrace()?.spanId;
        return { id: 'P1' };
      });
      await cache.take('patient:P1', () => Promise.resolve({ id: 'never loaded' }));
      await cache.get('patient:P2');
      await cache.set('patient:P2', { id: 'P2' });
      await cache.del('patient:P2');
    });
    await cache.get('outside a trace');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.attributes['cache.hit']])).toEqual([
      ['cache take', false],
      ['cache take', true],
      ['cache get', false],
      ['cache set', undefined],
      ['cache del', undefined],
    ]);
    expect(loaderParent).toBe(spans[0]!.spanContext().spanId);
    for (const s of spans) {
      expect(s.parentSpanContext?.spanId).toBe(request.context.spanId);
      expect(s.attributes['db.system.name']).toBe('memory');
      expect(JSON.stringify(s.attributes)).not.toContain('P1');
    }
    await cache.close();
  });

  it('adds nothing inside an unsampled trace (nothing would be exported)', async () => {
    exporter.reset();
    const cache = createCache(
      { KeyPrefix: 'u:' },
      { logger: pino({ level: 'silent' }), registry: new Registry(), service: 'cache-test' },
    );
    const unsampled = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), flags: 0 };
    const seen = await runWithTrace(unsampled, () => cache.take('k', async () => currentTrace()));
    expect(seen).toMatchObject({ traceId: unsampled.traceId, spanId: unsampled.spanId });
    expect(exporter.getFinishedSpans()).toEqual([]);
    await cache.close();
  });
});

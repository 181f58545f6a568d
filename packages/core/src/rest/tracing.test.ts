import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { currentTrace, initTelemetry, shutdownTelemetry } from '../trace/index.js';
import { createRestServer, type RestServer } from './index.js';
import { memoryLogger, testConfig } from './testdata/test-config.js';

const exporter = new InMemorySpanExporter();
let server: RestServer;
let base: string;
const log = memoryLogger();

beforeAll(async () => {
  await initTelemetry({ Sampler: 1, Batcher: 'none' }, 'test-svc', {
    exporter,
    synchronous: true,
  });
  server = createRestServer(testConfig(), { logger: log.logger });
  server.addRoutes({ prefix: '/api/v1/patient' }, [
    {
      method: 'GET',
      path: '/info/:patientId',
      handler: 'Info',
      handle: async (_request, ctx) => {
        ctx.logger.info('reading patient');
        return { seen: currentTrace() };
      },
    },
    {
      method: 'GET',
      path: '/broken',
      handler: 'Broken',
      handle: () => Promise.reject(new AppError('UNAVAILABLE')),
    },
    {
      method: 'GET',
      path: '/missing',
      handler: 'Missing',
      handle: () => Promise.reject(new AppError('NOT_FOUND')),
    },
  ]);
  base = await server.start();
});
afterEach(() => exporter.reset());
afterAll(async () => {
  await server.stop();
  await shutdownTelemetry();
});

const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('REST server spans', () => {
  it('records one server span per request, named by route template, child of the caller', async () => {
    const res = await fetch(`${base}/api/v1/patient/info/P0001`, {
      headers: { traceparent: caller },
    });
    const body = (await res.json()) as { seen: { traceId: string; spanId: string } };
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const span = spans[0]!;
    expect(span.name).toBe('GET /api/v1/patient/info/:patientId');
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/api/v1/patient/info/:patientId',
      'http.response.status_code': 200,
    });
    // The handler, its log line and the echoed traceparent all carry the exported span's id.
    const spanId = span.spanContext().spanId;
    expect(body.seen.spanId).toBe(spanId);
    expect(res.headers.get('traceparent')).toBe(`00-0af7651916cd43dd8448eb211c80319c-${spanId}-01`);
    const line = log.lines().find((l) => l.msg === 'reading patient');
    expect(line).toMatchObject({ trace_id: span.spanContext().traceId, span_id: spanId });
  });

  it('marks 5xx spans failed with the catalog code and leaves 4xx spans unset', async () => {
    await fetch(`${base}/api/v1/patient/broken`);
    await fetch(`${base}/api/v1/patient/missing`);
    const [broken, missing] = exporter.getFinishedSpans();
    expect(broken?.status.code).toBe(2);
    expect(broken?.attributes['error.type']).toBe('UNAVAILABLE');
    expect(broken?.attributes['http.response.status_code']).toBe(503);
    expect(missing?.status.code).toBe(0);
    expect(missing?.attributes['error.type']).toBe('NOT_FOUND');
  });

  it('starts a new trace without a traceparent and ignores probes and scrapes', async () => {
    await fetch(`${base}/healthz`);
    await fetch(`${base}/metrics`);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await fetch(`${base}/api/v1/patient/info/P0002`);
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
  });
});

import { startOtlpReceiver, waitFor, type OtlpReceiver } from '@vigil/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import {
  currentTrace,
  formatTraceparent,
  initTelemetry,
  otlpHttpTracesUrl,
  runWithTrace,
  shutdownTelemetry,
  startSpan,
  tracingEnabled,
} from './index.js';

describe('telemetry off (Batcher: none)', () => {
  it('loads nothing and still makes child ids that continue the parent trace', async () => {
    const telemetry = await initTelemetry({ Sampler: 1, Batcher: 'none' }, 'svc');
    expect(telemetry.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    const root = startSpan('root');
    const child = startSpan('child', { parent: root.context });
    expect(root.recording).toBe(false);
    expect(child.context.traceId).toBe(root.context.traceId);
    expect(child.context.parentSpanId).toBe(root.context.spanId);
    expect(child.context.spanId).not.toBe(root.context.spanId);
  });
});

describe('telemetry on, exported over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(() => shutdownTelemetry());
  afterAll(() => receiver.close());

  it('exports spans whose ids are the ones logs and traceparent carry', async () => {
    const telemetry = await initTelemetry(
      { Sampler: 1, Batcher: 'otlphttp', Endpoint: receiver.endpoint },
      'patient',
    );
    expect(telemetry.enabled).toBe(true);
    const server = startSpan('GET /api/v1/patient/info/:patientId', {
      kind: 'server',
      attributes: { 'http.route': '/api/v1/patient/info/:patientId', skipped: undefined },
    });
    const db = runWithTrace(server.context, () =>
      startSpan('select', { kind: 'client', parent: currentTrace() }),
    );
    db.recordError(new AppError('UNAVAILABLE'));
    db.end();
    db.end(); // a second end is ignored
    server.end();
    await telemetry.flush();

    const spans = await waitFor(() => {
      const got = receiver.trace(server.context.traceId);
      return got.length === 2 && got;
    });
    const exportedServer = spans.find((s) => s.name.startsWith('GET'))!;
    const exportedDb = spans.find((s) => s.name === 'select')!;
    expect(exportedServer).toMatchObject({
      service: 'patient',
      spanId: server.context.spanId,
      parentSpanId: '',
      kind: 2,
      attributes: { 'http.route': '/api/v1/patient/info/:patientId' },
    });
    expect(exportedServer.attributes).not.toHaveProperty('skipped');
    expect(exportedDb).toMatchObject({
      spanId: db.context.spanId,
      parentSpanId: server.context.spanId,
      kind: 3,
      statusCode: 2,
      attributes: { 'error.type': 'UNAVAILABLE' },
    });
    expect(formatTraceparent(db.context)).toBe(
      `00-${server.context.traceId}-${db.context.spanId}-01`,
    );
  });

  it('samples new traces at Sampler but follows a sampled caller (parent-based)', async () => {
    const telemetry = await initTelemetry(
      { Sampler: 0, Batcher: 'otlphttp', Endpoint: receiver.endpoint, Name: 'renamed' },
      'identity',
    );
    const unsampled = startSpan('new trace');
    expect(unsampled.recording).toBe(false);
    expect(unsampled.context.flags).toBe(0);
    const child = startSpan('child of unsampled', { parent: unsampled.context });
    expect(child.context.flags).toBe(0);
    const callerSampled = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), flags: 1 };
    const followed = startSpan('remote child', { kind: 'server', parent: callerSampled });
    expect(followed.recording).toBe(true);
    for (const s of [child, unsampled, followed]) s.end();
    await telemetry.flush();
    const spans = await waitFor(() => {
      const got = receiver.trace(callerSampled.traceId);
      return got.length === 1 && got;
    });
    expect(spans[0]).toMatchObject({ service: 'renamed', parentSpanId: 'cd'.repeat(8) });
    expect(receiver.trace(unsampled.context.traceId)).toEqual([]);
  });

  it('stops recording after shutdown', async () => {
    await initTelemetry({ Sampler: 1, Batcher: 'otlphttp', Endpoint: receiver.endpoint }, 'x');
    expect(tracingEnabled()).toBe(true);
    await shutdownTelemetry();
    expect(tracingEnabled()).toBe(false);
    expect(startSpan('after').recording).toBe(false);
  });
});

describe('otlpHttpTracesUrl', () => {
  it.each([
    ['localhost:4318', 'http://localhost:4318/v1/traces'],
    ['http://otel:4318', 'http://otel:4318/v1/traces'],
    ['https://otel.example/', 'https://otel.example/v1/traces'],
    ['http://otel:4318/custom/path', 'http://otel:4318/custom/path'],
  ])('%s → %s', (endpoint, url) => {
    expect(otlpHttpTracesUrl(endpoint)).toBe(url);
  });
});

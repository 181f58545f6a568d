// The proxy's outgoing call as a client span between the gateway's request span and the
// upstream's server span (one trace, exported over OTLP/HTTP to a local receiver), and its RED
// metric on the gateway's /metrics.
import {
  createLogger,
  createRestServer,
  initTelemetry,
  parseConfig,
  shutdownTelemetry,
  type RestServer,
} from '@vigil/core';
import { startOtlpReceiver, waitFor, type OtlpReceiver } from '@vigil/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from './config.js';
import { createGateway } from './gateway.js';

const logger = createLogger({ service: 'gateway', level: 'silent' });
let receiver: OtlpReceiver;
let upstream: RestServer;
let gateway: RestServer;
let base = '';

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  await initTelemetry({ Sampler: 1, Batcher: 'otlphttp', Endpoint: receiver.endpoint }, 'gateway');
  upstream = createRestServer(
    {
      Name: 'patient',
      Host: '127.0.0.1',
      Port: 0,
      Timeout: 3000,
      MaxBytes: 1024,
      MaxConns: 100,
      CpuThreshold: 0,
      ShutdownTimeoutMs: 1000,
    },
    { logger },
  );
  upstream.addRoutes({ prefix: '/api/v1/patient' }, [
    {
      method: 'GET',
      path: '/info/:patientId',
      handler: 'Info',
      handle: async (_request, ctx) => ({ traceId: ctx.trace.traceId }),
    },
  ]);
  const upstreamUrl = await upstream.start();
  const yaml = [
    'Name: gateway',
    'Host: 127.0.0.1',
    'Port: 8888',
    'RateLimit:',
    '  Enabled: false',
    'Upstreams:',
    '  - Name: patient',
    `    Url: ${upstreamUrl}`,
    '  - Name: gone',
    '    Url: http://127.0.0.1:9',
  ].join('\n');
  const config = { ...parseConfig(ConfigSchema, yaml, 'gateway.yaml', { env: {} }), Port: 0 };
  gateway = await createGateway(config, { logger });
  base = await gateway.start();
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.stop();
  await shutdownTelemetry();
  await receiver?.close();
});

describe('gateway proxy observability', () => {
  it('puts a client span between the edge span and the upstream span', async () => {
    const res = await fetch(`${base}/api/v1/patient/info/P0001`);
    const { traceId } = (await res.json()) as { traceId: string };
    await gateway.stop(); // stop() flushes the exporter
    const spans = await waitFor(() => {
      const got = receiver.trace(traceId);
      return got.length === 3 && got;
    });
    const edge = spans.find((s) => s.kind === 2 && s.name === 'GET /api/v1/patient/*');
    const client = spans.find((s) => s.kind === 3);
    const served = spans.find((s) => s.name === 'GET /api/v1/patient/info/:patientId');
    expect(edge?.parentSpanId).toBe('');
    expect(client).toMatchObject({
      parentSpanId: edge?.spanId,
      name: 'GET /api/v1/patient/*',
      attributes: { 'vigil.upstream': 'patient', 'http.response.status_code': 200 },
    });
    expect(served?.parentSpanId).toBe(client?.spanId);
  });
});

describe('gateway proxy metrics', () => {
  beforeAll(async () => {
    gateway = await createGateway(
      {
        ...parseConfig(
          ConfigSchema,
          'Name: gateway\nPort: 8888\nRateLimit:\n  Enabled: false\nUpstreams:\n  - Name: gone\n    Url: http://127.0.0.1:9\n',
          'gateway.yaml',
          { env: {} },
        ),
        Host: '127.0.0.1',
        Port: 0,
      },
      { logger },
    );
    base = await gateway.start();
  });

  it('times upstream calls by upstream name and outcome, never by path', async () => {
    const res = await fetch(`${base}/api/v1/gone/anything/P0001`);
    expect(res.status).toBe(503);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /vigil_http_client_duration_seconds_count\{service="gateway",upstream="gone",method="GET",status="unavailable"\} 1/,
    );
    expect(text).not.toContain('P0001');
  });
});

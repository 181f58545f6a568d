// Issue 7's tracing acceptance: the platform started as a user starts it (`vigil start`), every
// service exporting spans over OTLP/HTTP to a receiver this test runs, the outbox on RabbitMQ.
// One request — a batch enrolment through the gateway — must come back as one trace holding the
// spans of every process in parent/child order: gateway (server, proxy client) → patient (HTTP
// server, DB, outbox publish) → RabbitMQ → followup (consume, DB), and the worker's log line must
// carry the trace id. The enrolment path itself makes no gRPC call (the event carries all the
// worker needs), so the test, as a traced client of the platform, also calls identity's and
// patient's gRPC APIs under the same root span: their server spans must join the trace as
// children of the client spans the test's runtime made.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  createRpcClient,
  formatTraceparent,
  initTelemetry,
  loadProto,
  runWithTrace,
  shutdownTelemetry,
  startSpan,
  type Telemetry,
} from '@vigil/core';
import {
  requireService,
  startOtlpReceiver,
  waitFor,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@vigil/testkit';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type PlatformPorts, type RunningPlatform } from './platform.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const amqpUrl = await requireService('rabbitmq');
const suffix = Math.random().toString(16).slice(2, 10);
const exchange = `vigil.e2e.trace.${suffix}`;
const queue = `followup.e2e-trace-${suffix}`;
// +20000 from the defaults: never the ports of `npm start` or of the other platform tests.
const ports: PlatformPorts = {
  gateway: 28888,
  identity: 28001,
  identityGrpc: 29001,
  patient: 28002,
  patientGrpc: 29002,
  followup: 28007,
  postgres: 25439,
};

let receiver: OtlpReceiver;
let platform: RunningPlatform;
let telemetry: Telemetry;

// SpanKind numbers of OTLP: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

beforeAll(async () => {
  if (!amqpUrl) return;
  receiver = await startOtlpReceiver();
  const env = {
    TELEMETRY_BATCHER: 'otlphttp',
    TELEMETRY_SAMPLER: '1',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    // Export every 200 ms instead of every 5 s: the test waits less.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    VIGIL_QUEUE_TRANSPORT: 'rabbitmq',
    VIGIL_AMQP_URL: amqpUrl,
    VIGIL_QUEUE_EXCHANGE: exchange,
    FOLLOWUP_QUEUE_NAME: queue,
  };
  platform = await startPlatform({
    only: ['identity', 'patient', 'followup', 'gateway'],
    ports,
    env,
  });
  // This process is a traced client too (service "e2e-client").
  telemetry = await initTelemetry(
    { Sampler: 1, Batcher: 'otlphttp', Endpoint: receiver.endpoint },
    'e2e-client',
  );
}, 300_000);

afterAll(async () => {
  await shutdownTelemetry();
  // A closed terminal (SIGHUP) stops everything as Ctrl-C does.
  if (platform) expect(await platform.stop('SIGHUP')).toEqual({ code: 0, survivors: [] });
  await receiver?.close();
  if (amqpUrl) {
    const conn = await connect(amqpUrl);
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    const names = [queue, `${queue}.dlq`];
    for (let d = 1000; d <= 300_000; d *= 2) names.push(`${queue}.retry.${d}ms`);
    names.push(`${queue}.retry.300000ms`);
    for (const name of names) await ch.deleteQueue(name).catch(() => undefined);
    await ch.deleteExchange(exchange).catch(() => undefined);
    await conn.close().catch(() => undefined);
  }
});

async function login(username: string): Promise<{ token: string; sub: string }> {
  const res = await fetch(`${platform.gateway}/api/v1/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'vigil-demo' }),
  });
  expect(res.status).toBe(200);
  const { accessToken } = (await res.json()) as { accessToken: string };
  const claims = JSON.parse(
    Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8'),
  ) as { sub: string };
  return { token: accessToken, sub: claims.sub };
}

/** The chain of spans from `span` up to the root, as "service kind name". */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: string[] = [];
  for (let s: ReceivedSpan | undefined = span; s; s = byId.get(s.parentSpanId)) {
    chain.push(`${s.service} ${s.kind} ${s.name}`);
  }
  return chain;
}

describe.skipIf(!amqpUrl)('one request, one trace, from the edge to the worker', () => {
  it('links gateway → patient → outbox → RabbitMQ → followup, plus gRPC, in one trace', async () => {
    const { token, sub } = await login('coordinator');
    const logger = createLogger({ service: 'e2e-client', level: 'silent' });
    const identityRpc = createRpcClient(
      loadProto(path.join(root, 'services/identity/identity.proto')).service(
        'identity.v1.IdentityService',
      ) as never,
      { Endpoints: [`127.0.0.1:${ports.identityGrpc}`] },
      { logger, service: 'e2e-client' },
    ) as unknown as { GetUser(r: { id: string }, o: object): Promise<{ username: string }> };
    const patientRpc = createRpcClient(
      loadProto(path.join(root, 'services/patient/patient.proto')).service(
        'patient.PatientService',
      ) as never,
      { Endpoints: [`127.0.0.1:${ports.patientGrpc}`] },
      { logger, service: 'e2e-client' },
    ) as unknown as { getPatient(r: { id: string }, o: object): Promise<unknown> };

    const request = startSpan('e2e enrol one patient', { kind: 'client' });
    const traceId = request.context.traceId;
    const res = await fetch(`${platform.gateway}/api/v1/patient/patients/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: formatTraceparent(request.context),
      },
      body: JSON.stringify({
        patients: [
          { trialId: 'VIG-001', siteId: 'S02', name: 'Trace Test', mobile: '13800001234' },
        ],
      }),
    });
    const body = (await res.json()) as { ids: string[] };
    expect(res.status, JSON.stringify(body)).toBe(201);
    const patientId = body.ids[0]!;
    const authorization = `Bearer ${token}`;
    await runWithTrace(request.context, async () => {
      expect((await identityRpc.GetUser({ id: sub }, { authorization })).username).toBe(
        'coordinator',
      );
      await patientRpc.getPatient({ id: patientId }, { authorization });
    });
    request.end();
    await telemetry.flush();

    // Every process's part arrives (the worker's last, after the relay and the broker).
    const spans = await waitFor(
      () => {
        const got = receiver.trace(traceId);
        const consumed = got.some((s) => s.service === 'followup' && s.kind === CONSUMER);
        const followupDb = got.some((s) => s.service === 'followup' && s.kind === CLIENT);
        const grpc = got.filter((s) => s.kind === SERVER && !s.name.includes(' ')).length === 2;
        return consumed && followupDb && grpc && got;
      },
      { what: 'the trace from every process', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(new Set(spans.map((s) => s.service))).toEqual(
      new Set(['e2e-client', 'gateway', 'patient', 'identity', 'followup']),
    );

    const consume = spans.find((s) => s.service === 'followup' && s.kind === CONSUMER)!;
    expect(ancestry(spans, consume)).toEqual([
      `followup ${CONSUMER} process patient.enrolled`,
      `patient ${PRODUCER} publish patient.enrolled`,
      `patient ${SERVER} POST /api/v1/patient/patients/batch`,
      `gateway ${CLIENT} POST /api/v1/patient/*`,
      `gateway ${SERVER} POST /api/v1/patient/*`,
      `e2e-client ${CLIENT} e2e enrol one patient`,
    ]);
    // The patient's transaction (inserts, audit, outbox row) under its request span; the
    // worker's queries under the consume span.
    const patientServer = spans.find((s) => s.name === 'POST /api/v1/patient/patients/batch')!;
    const patientDb = spans.filter((s) => s.parentSpanId === patientServer.spanId);
    expect(patientDb.some((s) => s.name === 'insert vigil_outbox')).toBe(true);
    expect(patientServer.attributes['http.response.status_code']).toBe(201);
    const workerDb = spans.filter((s) => s.parentSpanId === consume.spanId && s.kind === CLIENT);
    expect(workerDb.length).toBeGreaterThan(0);
    expect(workerDb.every((s) => s.attributes['db.system.name'] === 'postgresql')).toBe(true);

    // gRPC: client span in the test, server span in identity / patient, the server's own
    // queries below it.
    for (const [service, method] of [
      ['identity', 'identity.v1.IdentityService/GetUser'],
      ['patient', 'patient.PatientService/getPatient'],
    ] as const) {
      const server = spans.find((s) => s.service === service && s.name === method)!;
      expect(ancestry(spans, server)).toEqual([
        `${service} ${SERVER} ${method}`,
        `e2e-client ${CLIENT} ${method}`,
        `e2e-client ${CLIENT} e2e enrol one patient`,
      ]);
      expect(server.attributes['rpc.grpc.status_code']).toBe(0);
      expect(spans.some((s) => s.parentSpanId === server.spanId && s.kind === CLIENT)).toBe(true);
    }
    // A child never starts before its parent: exactly within a process; across processes
    // within 5 ms, the error of each process's own clock origin.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const s of spans) {
      const parent = byId.get(s.parentSpanId);
      if (!parent) continue;
      const slack = parent.service === s.service ? 0n : 5_000_000n;
      expect(s.startNs + slack >= parent.startNs, `${s.name} after ${parent.name}`).toBe(true);
    }

    // The worker's log line for this enrolment carries the trace id and its consume span's id.
    const logFile = path.join(platform.stateDir, 'logs', 'followup.log');
    const line = await waitFor(
      () =>
        readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.trace_id === traceId && l.patientId === patientId),
      { what: 'the worker log line of the enrolment' },
    );
    expect(line.span_id).toBe(consume.spanId);
  });
});

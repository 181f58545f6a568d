import * as grpc from '@grpc/grpc-js';
import { waitFor } from '@vigil/testkit';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ERROR_CODE_METADATA_KEY, GrpcStatus } from '../errors/index.js';
import { runWithTrace, traceFromTraceparent } from '../trace/index.js';
import { createRpcClient } from './client.js';
import { createRpcServer, type RpcServer } from './server.js';
import {
  captureLogger,
  echoHandlers,
  loadEcho,
  type EchoReply,
  type EchoRequest,
  type EchoState,
} from './testdata/echo-fixture.js';

const echo = loadEcho();
const { logger, lines } = captureLogger();
const registry = new Registry();
const state: EchoState = { calls: 0, aborted: 0 };
let server: RpcServer;
let port: number;
let raw: grpc.Client;

/** A call through a bare grpc-js client, so the test sees exactly what went on the wire. */
function rawEcho(
  req: EchoRequest,
  metadata = new grpc.Metadata(),
  deadlineMs = 5000,
): Promise<{ err: grpc.ServiceError | null; reply?: EchoReply }> {
  return new Promise((resolve) => {
    const m = echo.service.Echo;
    raw.makeUnaryRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      req,
      metadata,
      { deadline: Date.now() + deadlineMs },
      (err, reply) => resolve({ err, reply }),
    );
  });
}

beforeAll(async () => {
  server = createRpcServer(
    { ListenOn: '127.0.0.1:0', Timeout: 300, SlowThresholdMs: 10_000 },
    { logger, registry, service: 'echo' },
  );
  server.addService(echo.service, echoHandlers('a', logger, state));
  ({ port } = await server.start());
  raw = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  raw.close();
  await server.shutdown(1000);
});

describe('rpc server chain', () => {
  it("continues the caller's trace: the handler's log line carries its trace id", async () => {
    const trace = traceFromTraceparent(undefined);
    const metadata = new grpc.Metadata();
    metadata.set('traceparent', `00-${trace.traceId}-${trace.spanId}-01`);
    const { err, reply } = await rawEcho({ message: 'hi', action: 'log' }, metadata);
    expect(err).toBeNull();
    expect(reply?.trace_id).toBe(trace.traceId);
    const line = lines.find((l) => l.msg === 'echo handler' && l.action === 'log');
    expect(line?.trace_id).toBe(trace.traceId);
    // The access log line of the call carries it too, and never the request body.
    const access = lines.find((l) => l.msg === 'rpc' && l.trace_id === trace.traceId);
    expect(access).toMatchObject({
      level: 'info',
      service: 'rpc-test',
      method: '/vigil.test.Echo/Echo',
      code: 'OK',
      duration_ms: expect.any(Number) as number,
    });
    expect(JSON.stringify(access)).not.toContain('hi');
  });

  it('turns an unknown exception into INTERNAL with the catalog code and no internals', async () => {
    const { err } = await rawEcho({ action: 'throw' });
    expect(err?.code).toBe(grpc.status.INTERNAL);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['INTERNAL']);
    expect(err?.details).toBe('Internal error');
    expect(JSON.stringify(err)).not.toContain('hunter2');
    // The real error is logged server-side, next to the trace id.
    const logged = lines.find((l) => l.msg === 'rpc call failed');
    expect(JSON.stringify(logged)).toContain('hunter2');
    expect(logged?.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a NUL in a string field with INVALID_ARGUMENT before the handler runs', async () => {
    const before = state.calls;
    const { err } = await rawEcho({ action: 'echo\u0000' });
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['VALIDATION_FAILED']);
    expect(state.calls).toBe(before);
  });

  it('sends an AppError as its gRPC status plus the catalog code; the client maps it back', async () => {
    const { err } = await rawEcho({ action: 'app:PATIENT_NOT_FOUND' });
    expect(err?.code).toBe(grpc.status.NOT_FOUND);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['PATIENT_NOT_FOUND']);

    const client = createRpcClient(
      echo,
      { Endpoints: [`127.0.0.1:${port}`] },
      { logger, service: 'caller' },
    );
    const failure = await client.Echo({ action: 'app:PATIENT_NOT_FOUND' }).catch((e: unknown) => e);
    client.close();
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('PATIENT_NOT_FOUND');
    expect((failure as AppError).httpStatus).toBe(404);
    expect((failure as AppError).message).toBe('Patient not found');
  });

  it('cuts a call at the server Timeout even when the caller allows more, aborting the handler', async () => {
    const before = state.aborted;
    const started = Date.now();
    const { err } = await rawEcho({ action: 'sleep:5000' }, new grpc.Metadata(), 5000);
    const elapsed = Date.now() - started;
    expect(err?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['TIMEOUT']);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
    expect(state.aborted).toBe(before + 1);
  });

  it("stops the handler at the caller's shorter deadline and counts it as DEADLINE_EXCEEDED", async () => {
    const before = state.aborted;
    const started = Date.now();
    const { err } = await rawEcho({ action: 'sleep:5000' }, new grpc.Metadata(), 100);
    expect(err?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(250);
    await waitFor(() => state.aborted > before, { timeoutMs: 2000, what: 'handler abort' });
    const text = await registry.metrics();
    expect(text).not.toMatch(/code="CANCELLED"/);
  });

  it("shows the handler the caller's shorter deadline", async () => {
    const { reply } = await rawEcho({ action: '' }, new grpc.Metadata(), 150);
    const remaining = Number(reply?.remaining_ms);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(150);
  });

  it('records duration by method and status code', async () => {
    const text = await registry.metrics();
    expect(text).toMatch(
      /vigil_rpc_server_duration_seconds_count\{service="echo",method="\/vigil\.test\.Echo\/Echo",code="NOT_FOUND"\} [1-9]/,
    );
    expect(text).toMatch(
      /vigil_rpc_server_duration_seconds_count\{[^}]*code="DEADLINE_EXCEEDED"\}/,
    );
  });

  it('answers UNIMPLEMENTED for a method without a handler', async () => {
    const m = echo.service.Stream;
    const code = await new Promise<number>((resolve) => {
      const stream = raw.makeServerStreamRequest(
        m!.path,
        m!.requestSerialize,
        m!.responseDeserialize,
        {},
      );
      stream.on('error', (e: grpc.ServiceError) => resolve(e.code));
      stream.on('data', () => {});
    });
    expect(code).toBe(GrpcStatus.UNIMPLEMENTED);
  });

  it('refuses to wrap a streaming method', () => {
    const other = createRpcServer({ ListenOn: '127.0.0.1:0' }, { logger, service: 'x' });
    expect(() => other.addService(echo.service, { Stream: (async () => ({})) as never })).toThrow(
      /streaming/,
    );
  });

  it('runs the handler inside the trace context so outgoing calls continue it', async () => {
    const trace = traceFromTraceparent(undefined);
    const client = createRpcClient(
      echo,
      { Endpoints: [`127.0.0.1:${port}`] },
      { logger, service: 'c' },
    );
    const reply = await runWithTrace(trace, () => client.Echo({ message: 'x' }));
    client.close();
    expect(reply.trace_id).toBe(trace.traceId);
  });
});

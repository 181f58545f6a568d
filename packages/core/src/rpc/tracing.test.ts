import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { initTelemetry, runWithTrace, shutdownTelemetry, startSpan } from '../trace/index.js';
import { createRpcClient, type RpcClient } from './client.js';
import { createRpcServer, type RpcServer } from './server.js';
import {
  captureLogger,
  echoHandlers,
  loadEcho,
  type EchoDefinition,
} from './testdata/echo-fixture.js';

const exporter = new InMemorySpanExporter();
const echo = loadEcho();
const log = captureLogger();
const servers: RpcServer[] = [];
const clients: RpcClient<EchoDefinition>[] = [];

async function node(name: string, relayTo?: () => RpcClient<EchoDefinition>) {
  const server = createRpcServer(
    { ListenOn: '127.0.0.1:0' },
    { logger: log.logger, service: name },
  );
  server.addService(
    echo.service,
    echoHandlers(name, log.logger, { calls: 0, aborted: 0 }, relayTo),
  );
  const { port } = await server.start();
  servers.push(server);
  const client = createRpcClient(
    echo,
    { Endpoints: [`127.0.0.1:${port}`] },
    { logger: log.logger, service: 'caller' },
  );
  clients.push(client);
  return client;
}

let front: RpcClient<EchoDefinition>;

beforeAll(async () => {
  await initTelemetry({ Sampler: 1, Batcher: 'none' }, 'rpc-test', {
    exporter,
    synchronous: true,
  });
  const back = await node('back');
  front = await node('front', () => back);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.shutdown(100)));
  await shutdownTelemetry();
});

const byId = (spans: ReadableSpan[], id: string | undefined) =>
  spans.find((s) => s.spanContext().spanId === id);

describe('gRPC spans', () => {
  it('links client and server spans of a relayed call into one trace', async () => {
    exporter.reset();
    const request = startSpan('request', { kind: 'server' });
    const reply = await runWithTrace(request.context, () => front.Relay({ message: 'hi' }));
    request.end();
    const spans = exporter.getFinishedSpans();
    // request → client Relay → server Relay → client Echo → server Echo
    expect(spans.map((s) => s.name).sort()).toEqual(
      [
        'request',
        'vigil.test.Echo/Relay',
        'vigil.test.Echo/Relay',
        'vigil.test.Echo/Echo',
        'vigil.test.Echo/Echo',
      ].sort(),
    );
    const backServer = spans.find(
      (s) => s.name === 'vigil.test.Echo/Echo' && s.kind === SpanKind.SERVER,
    )!;
    expect(reply.trace_id).toBe(request.context.traceId);
    const chain: string[] = [];
    for (let s: ReadableSpan | undefined = backServer; s;) {
      chain.push(`${SpanKind[s.kind]} ${s.name}`);
      s = byId(spans, s.parentSpanContext?.spanId);
    }
    expect(chain).toEqual([
      'SERVER vigil.test.Echo/Echo',
      'CLIENT vigil.test.Echo/Echo',
      'SERVER vigil.test.Echo/Relay',
      'CLIENT vigil.test.Echo/Relay',
      'SERVER request',
    ]);
    expect(backServer.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.service': 'vigil.test.Echo',
      'rpc.method': 'Echo',
      'rpc.grpc.status_code': 0,
    });
    // The handler's log line carries the server span's ids.
    const line = log.lines.find(
      (l) => l.msg === 'echo handler' && l.span_id === backServer.spanContext().spanId,
    );
    expect(line?.trace_id).toBe(request.context.traceId);
  });

  it('fails a client span on any error, a server span only on server faults', async () => {
    exporter.reset();
    await expect(front.Echo({ action: 'app:NOT_FOUND' })).rejects.toBeInstanceOf(AppError);
    await expect(front.Echo({ action: 'app:INTERNAL' })).rejects.toBeInstanceOf(AppError);
    const spans = exporter.getFinishedSpans();
    const [notFoundServer, notFoundClient, internalServer, internalClient] = spans;
    expect(notFoundServer?.kind).toBe(SpanKind.SERVER);
    expect(notFoundServer?.status.code).toBe(0);
    expect(notFoundServer?.attributes['error.type']).toBe('NOT_FOUND');
    expect(notFoundClient?.status.code).toBe(2);
    expect(internalServer?.status.code).toBe(2);
    expect(internalClient?.attributes['rpc.grpc.status_code']).toBe(13);
  });
});

import * as grpc from '@grpc/grpc-js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ERROR_CODE_METADATA_KEY } from '../errors/index.js';
import type { Shedder } from '../resilience/index.js';
import { createRpcClient } from './client.js';
import { loadProto } from './proto.js';
import { createRpcServer, type RpcServer } from './server.js';
import { captureLogger, echoHandlers, loadEcho, type EchoState } from './testdata/echo-fixture.js';

const require = createRequire(import.meta.url);
const reflectionProto = path.join(
  path.dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

const echo = loadEcho();
const { logger } = captureLogger();
const registry = new Registry();
const state: EchoState = { calls: 0, aborted: 0 };
// A switchable shedder: the adaptive algorithm has its own tests; here the server's handling of
// a drop is under test (status, code, metric, handler not run).
let shedding = false;
const shedder: Shedder = {
  allow() {
    if (shedding) throw new AppError('OVERLOADED');
    return { pass() {}, fail() {} };
  },
  stats: () => ({
    load: 0,
    flying: 0,
    avgFlying: 0,
    maxPass: 0,
    minRtMs: 0,
    maxFlight: 0,
    hot: shedding,
    dropped: 0,
  }),
};
let server: RpcServer;
let target: string;

beforeAll(async () => {
  server = createRpcServer(
    { ListenOn: '127.0.0.1:0' },
    { logger, registry, service: 'echo', shedder },
  );
  server.addService(echo.service, echoHandlers('a', logger, state));
  target = `127.0.0.1:${(await server.start()).port}`;
});

afterAll(() => server.shutdown(1000));

function healthCheck(service: string): Promise<string> {
  const Health = loadProto(healthProtoPath).service('grpc.health.v1.Health');
  const client = new Health(target, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.Check!({ service }, (err: grpc.ServiceError | null, reply: { status: string }) => {
      client.close();
      if (err) reject(err);
      else resolve(reply.status);
    });
  });
}

describe('rpc server health and reflection', () => {
  it('serves grpc.health.v1 for the server and each service, following setServing', async () => {
    expect(await healthCheck('')).toBe('SERVING');
    expect(await healthCheck('vigil.test.Echo')).toBe('SERVING');
    server.setServing('vigil.test.Echo', false);
    expect(await healthCheck('vigil.test.Echo')).toBe('NOT_SERVING');
    server.setServing('vigil.test.Echo', true);
    await expect(healthCheck('no.Such')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('lists the registered services and health through server reflection', async () => {
    const Reflection = loadProto(reflectionProto).service('grpc.reflection.v1.ServerReflection');
    const client = new Reflection(target, grpc.credentials.createInsecure());
    const names = await new Promise<string[]>((resolve, reject) => {
      const call = client.ServerReflectionInfo!();
      call.on('data', (res: { list_services_response?: { service: { name: string }[] } }) => {
        resolve((res.list_services_response?.service ?? []).map((s) => s.name));
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '*' });
    });
    client.close();
    expect(names).toEqual(expect.arrayContaining(['vigil.test.Echo', 'grpc.health.v1.Health']));
  });
});

describe('rpc server shedding', () => {
  it('drops calls with UNAVAILABLE + OVERLOADED before the handler runs, and counts them', async () => {
    const client = createRpcClient(
      echo,
      { Endpoints: [target], Breaker: false },
      { logger, service: 'c' },
    );
    shedding = true;
    const before = state.calls;
    const err = await client.Echo({ message: 'x' }).catch((e: unknown) => e);
    shedding = false;
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('OVERLOADED');
    expect((err as AppError).httpStatus).toBe(503);
    expect(state.calls).toBe(before);
    expect(await registry.metrics()).toMatch(/vigil_rpc_shed_total\{[^}]*\} 1/);
    // Once the load eases calls pass again.
    await expect(client.Echo({ message: 'y' })).resolves.toMatchObject({ message: 'y' });
    client.close();
  });

  it('puts the catalog code on the wire for a raw client too', async () => {
    const raw = new grpc.Client(target, grpc.credentials.createInsecure());
    shedding = true;
    const m = echo.service.Echo;
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      raw.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, {}, (e) =>
        resolve(e),
      ),
    );
    shedding = false;
    raw.close();
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['OVERLOADED']);
  });
});

// One bench server process: `server.ts <raw|floor|vigil|vigil-jwt|vigil-limit>`; prints
// `READY <url> <token>`. Every variant hands out a bearer token of the same size and the load
// generator sends it to all of them, so each server reads byte-identical requests; only
// `vigil-jwt` verifies it.
// Every variant serves the same JSON (same response schema) on GET /api/v1/bench/info/:id.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Type } from '@sinclair/typebox';
import {
  createAdaptiveShedder,
  createLogger,
  createRestServer,
  createTokenBucketLimiter,
} from '@vigil/core';
import Fastify from 'fastify';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { devNullLogDestination } from '../lib/dev-null.js';

const variant = process.argv[2] ?? 'raw';
const Info = Type.Object({
  patientInfo: Type.Object({
    id: Type.String(),
    name: Type.String(),
    mobile: Type.String(),
    trialId: Type.String(),
    createdAt: Type.Integer(),
  }),
});
const payload = (id: string) => ({
  patientInfo: {
    id,
    name: '张*',
    mobile: '138****1234',
    trialId: 'VIG-001',
    createdAt: 1672531200,
  },
});
const schema = { params: Type.Object({ id: Type.String() }), response: { 200: Info } };
const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const token = await new SignJWT({ roles: ['monitor'], sites: ['S01'] })
  .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
  .setSubject('bench-user')
  .setExpirationTime('2h')
  .sign(privateKey);

if (variant === 'raw') {
  const app = Fastify({ logger: false });
  app.get('/api/v1/bench/info/:id', { schema }, async (request) =>
    payload((request.params as { id: string }).id),
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`READY ${url} ${token}\n`);
} else if (variant === 'floor') {
  // The chain's fixed price on Node 20, with no work done: a hook before routing, one when the
  // answer is sent, and an AsyncLocalStorage scope around the handler (entering one switches on
  // the promise hooks every later promise of the process pays).
  const app = Fastify({ logger: false });
  const scope = new AsyncLocalStorage<{ id: string }>();
  app.addHook('onRequest', (_request, _reply, done) => done());
  app.addHook('onSend', (_request, _reply, _payload, done) => done());
  app.get('/api/v1/bench/info/:id', { schema }, (request) => {
    const id = (request.params as { id: string }).id;
    return scope.run({ id }, async () => payload(id));
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`READY ${url} ${token}\n`);
} else {
  const jwt = variant === 'vigil-jwt';
  // Services' default config has no per-service rate limit (the gateway limits at the edge);
  // `vigil-limit` measures the chain with the in-process token bucket switched on.
  const limit = variant === 'vigil-limit';
  // The access log is written for real (to /dev/null): formatting it is part of the chain's cost.
  const logger = createLogger({
    service: 'bench',
    destination: devNullLogDestination(),
  });
  const server = createRestServer(
    {
      Name: 'bench',
      Host: '127.0.0.1',
      Port: 0,
      Timeout: 3000,
      MaxBytes: 1048576,
      MaxConns: 10000,
      CpuThreshold: 900,
      ShutdownTimeoutMs: 1000,
      RateLimit: { Enabled: limit, Rate: 1e9, Burst: 1e9 },
      Auth: jwt ? { PublicKeys: [await exportSPKI(publicKey)] } : undefined,
    },
    {
      logger,
      shedder: createAdaptiveShedder(),
      limiter: createTokenBucketLimiter({ rate: 1e9, burst: 1e9 }),
    },
  );
  server.addRoutes({ prefix: '/api/v1/bench', jwt: jwt ? 'Auth' : undefined }, [
    {
      method: 'GET',
      path: '/info/:id',
      handler: 'GetInfo',
      schema,
      handle: async (request) => payload((request.params as { id: string }).id),
    },
  ]);
  const url = await server.start();
  process.stdout.write(`READY ${url} ${token}\n`);
}

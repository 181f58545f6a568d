import { Type } from '@sinclair/typebox';
import { SignJWT } from 'jose';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createTokenBucketLimiter } from '../resilience/index.js';
import { createRestServer, type RestServer, type RestServerOptions } from './index.js';
import { memoryLogger, testConfig } from './testdata/test-config.js';
import type { RestServerConfig, RouteDefinition, RouteGroup } from './types.js';

const servers: RestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function serve(
  routes: RouteDefinition[],
  o: {
    config?: Partial<RestServerConfig>;
    group?: RouteGroup;
    options?: Partial<RestServerOptions>;
  } = {},
) {
  const log = memoryLogger();
  const server = createRestServer(testConfig(o.config), { logger: log.logger, ...o.options });
  server.addRoutes(o.group ?? {}, routes);
  const base = await server.start();
  servers.push(server);
  return { server, base, log };
}

const echo: RouteDefinition = {
  method: 'POST',
  path: '/echo',
  handler: 'Echo',
  schema: { body: Type.Object({ text: Type.String({ maxLength: 2000 }) }) },
  handle: async (request) => request.body,
};

function slow(ms: number): RouteDefinition {
  return {
    method: 'GET',
    path: '/slow',
    handler: 'Slow',
    handle: () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), ms)),
  };
}

describe('rest server chain', () => {
  it('leaves an answer the handler streams through reply to that stream', async () => {
    const stream = new PassThrough();
    const streaming: RouteDefinition = {
      method: 'GET',
      path: '/stream',
      handler: 'Stream',
      handle: (_request, _ctx, reply) => {
        void reply.type('text/plain').send(stream);
        stream.write('a');
        // Resolves while the stream is still open: nothing more may be sent.
        return Promise.resolve(undefined);
      },
    };
    const { base, log } = await serve([streaming]);
    const res = await fetch(`${base}/stream`);
    expect(res.status).toBe(200);
    stream.end('b');
    expect(await res.text()).toBe('ab');
    expect(log.lines().filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('leaves a streamed answer alone even before the stream has written anything', async () => {
    let stream: PassThrough | undefined;
    const streaming: RouteDefinition = {
      method: 'GET',
      path: '/cursor',
      handler: 'Cursor',
      handle: (_request, _ctx, reply) => {
        // Like a database cursor whose first row is still on its way: no byte, no headers yet.
        stream = new PassThrough();
        void reply.type('text/plain').send(stream);
        return Promise.resolve(undefined);
      },
    };
    const { base, log } = await serve([streaming]);
    const pending = fetch(`${base}/cursor`);
    // The handler has run once the access line for its (stream) answer is written.
    await expect.poll(() => log.lines().some((l) => l.msg === 'request')).toBe(true);
    stream!.end('rows');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('rows');
    expect(log.lines().filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over MaxBytes', async () => {
    const { base } = await serve([echo], { config: { MaxBytes: 100 } });
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(500) }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers 503 OVERLOADED beyond MaxConns while /healthz still answers', async () => {
    const { base } = await serve([slow(300)], { config: { MaxConns: 1 } });
    const first = fetch(`${base}/slow`);
    // Wait until the first request is in flight, then overload.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await fetch(`${base}/slow`);
    expect(second.status).toBe(503);
    expect(((await second.json()) as { code: string }).code).toBe('OVERLOADED');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect((await first).status).toBe(200);
  });

  it('answers 429 RATE_LIMITED with Retry-After when the client exceeds its rate', async () => {
    const limiter = createTokenBucketLimiter({ rate: 1, burst: 2 });
    const ping: RouteDefinition = {
      method: 'GET',
      path: '/ping',
      handler: 'Ping',
      handle: async () => ({ ok: true }),
    };
    const { base } = await serve([ping], {
      config: { RateLimit: { Enabled: true, Rate: 1, Burst: 2 } },
      options: { limiter },
    });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/ping`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited!.json()) as { code: string }).code).toBe('RATE_LIMITED');
  });

  it('waits for a limiter that answers asynchronously (Redis) and fails closed on its error', async () => {
    const ping: RouteDefinition = {
      method: 'GET',
      path: '/ping',
      handler: 'Ping',
      handle: async () => ({ ok: true }),
    };
    let next: 'allow' | 'deny' | 'error' = 'allow';
    const limiter = {
      take: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        if (next === 'error') throw new Error('redis went away');
        return next === 'allow'
          ? { allowed: true, remaining: 1, retryAfterMs: 0 }
          : { allowed: false, remaining: 0, retryAfterMs: 1500 };
      },
    };
    const { base } = await serve([ping], {
      config: { RateLimit: { Enabled: true, Rate: 1, Burst: 1 } },
      options: { limiter },
    });
    expect((await fetch(`${base}/ping`)).status).toBe(200);
    next = 'deny';
    const denied = await fetch(`${base}/ping`);
    expect(denied.status).toBe(429);
    expect(denied.headers.get('retry-after')).toBe('2');
    next = 'error';
    const failed = await fetch(`${base}/ping`);
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { code: string }).code).toBe('INTERNAL');
  });

  it('answers 504 TIMEOUT for a handler slower than the group timeout', async () => {
    const { base } = await serve([slow(2000)], { group: { timeoutMs: 100 } });
    const started = Date.now();
    const res = await fetch(`${base}/slow`);
    expect(res.status).toBe(504);
    expect(((await res.json()) as { code: string }).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('echoes traceparent and logs the request trace id on every line of that request', async () => {
    const logged: RouteDefinition = {
      method: 'GET',
      path: '/work',
      handler: 'Work',
      handle: async (_request, ctx) => {
        ctx.logger.info('doing the work');
        await new Promise((resolve) => setImmediate(resolve));
        ctx.logger.info('still doing the work');
        return { ok: true };
      },
    };
    const { base, log } = await serve([logged]);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${base}/work`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const lines = log.lines().filter((l) => l.msg !== 'test-svc listening');
    expect(lines.map((l) => l.msg)).toEqual(['doing the work', 'still doing the work', 'request']);
    for (const line of lines) expect(line.trace_id).toBe(traceId);
    expect(lines[2]).toMatchObject({ method: 'GET', route: '/work', status: 200 });
  });

  it('never writes redacted fields to any log line', async () => {
    const login: RouteDefinition = {
      method: 'POST',
      path: '/login',
      handler: 'Login',
      handle: async (request, ctx) => {
        ctx.logger.info({ body: request.body, headers: request.headers }, 'login attempt');
        throw new Error(`boom for ${JSON.stringify(request.body)}`);
      },
    };
    const { base, log } = await serve([login]);
    const res = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer very-secret-token' },
      body: JSON.stringify({ name: 'Zhang San', mobile: '13812345678', password: 'pa55word' }),
    });
    expect(res.status).toBe(500);
    const all = log.raw.join('\n');
    expect(all).toContain('login attempt');
    for (const secret of ['very-secret-token', 'pa55word']) expect(all).not.toContain(secret);
    // Personal fields are redacted where logged as fields.
    expect(log.lines().find((l) => l.msg === 'login attempt')?.body).toMatchObject({
      name: '[REDACTED]',
      mobile: '[REDACTED]',
    });
  });

  it('turns an exception into INTERNAL without a stack, and keeps serving', async () => {
    const crash: RouteDefinition = {
      method: 'GET',
      path: '/crash',
      handler: 'Crash',
      handle: async () => {
        throw new TypeError('cannot read properties of undefined (secret internals)');
      },
    };
    const { base, log } = await serve([crash, slow(1)]);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${base}/crash`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', message: 'Internal error' });
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('at ');
    expect((await fetch(`${base}/slow`)).status).toBe(200);
    // The server keeps the cause for operators: on a line with the request's ids, once each.
    const failed = log.raw.find((l) => l.includes('"request failed"'))!;
    expect(JSON.parse(failed)).toMatchObject({ trace_id: traceId, code: 'INTERNAL' });
    expect(failed.split('"trace_id"').length).toBe(2);
    expect(failed.split('"span_id"').length).toBe(2);
  });

  it('maps a catalog error from logic to its status, and validation failures to details', async () => {
    const find: RouteDefinition = {
      method: 'GET',
      path: '/patients/:id',
      handler: 'Find',
      schema: { params: Type.Object({ id: Type.String({ pattern: '^P[0-9]+$' }) }) },
      handle: async () => {
        throw new AppError('PATIENT_NOT_FOUND');
      },
    };
    const { base } = await serve([find, echo]);
    const missing = await fetch(`${base}/patients/P1`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('PATIENT_NOT_FOUND');
    const invalid = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ wrong: 1 }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body.text', reason: 'is required' }],
    });
    const badJson = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { code: string }).code).toBe('BAD_REQUEST');
    const nowhere = await fetch(`${base}/nowhere`);
    expect(nowhere.status).toBe(404);
    expect(((await nowhere.json()) as { code: string }).code).toBe('NOT_FOUND');
  });

  it('requires a valid JWT on routes of a jwt group', async () => {
    const secret = 'a-test-secret-of-at-least-32-bytes!!';
    const me: RouteDefinition = {
      method: 'GET',
      path: '/me',
      handler: 'Me',
      handle: async (_request, ctx) => ({ sub: ctx.auth?.sub, roles: ctx.auth?.roles }),
    };
    const { base } = await serve([me], {
      config: { Auth: { AccessSecret: secret } },
      group: { jwt: 'Auth', prefix: 'api' },
    });
    const key = new TextEncoder().encode(secret);
    const good = await new SignJWT({ roles: ['monitor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setExpirationTime('1h')
      .sign(key);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .sign(new TextEncoder().encode('another-secret-another-secret-xx'));
    expect((await fetch(`${base}/api/me`)).status).toBe(401);
    for (const token of [expired, forged, 'not-a-jwt']) {
      const res = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    }
    const ok = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sub: 'u1', roles: ['monitor'] });
  });

  it('serves /readyz from registered checks and Prometheus metrics by route template', async () => {
    const { server, base } = await serve([slow(1)]);
    let healthy = true;
    server.addReadinessCheck('db', async () => {
      if (!healthy) throw new Error('connection refused');
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    healthy = false;
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ checks: { db: 'connection refused' } });
    await fetch(`${base}/slow`);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /vigil_http_server_duration_seconds_count\{[^}]*route="\/slow"[^}]*\} 1/,
    );
  });

  it('answers a route with the success status set for it, and refuses a status for no route', async () => {
    const { server, base, log } = await serve([echo]);
    server.setSuccessStatus('POST', '/echo', 201);
    expect(() => server.setSuccessStatus('POST', '/nope', 201)).toThrow(/no route POST \/nope/);
    expect(() => server.setSuccessStatus('POST', '/echo', 404)).toThrow(/not a 2xx/);
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(res.status).toBe(201);
    const bad = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(bad.status).toBe(400);
    // One access line per request, with the status and size the client got.
    const access = log.lines().filter((l) => l.msg === 'request');
    expect(access.map((l) => [l.status, l.bytes])).toEqual([
      [201, Number(res.headers.get('content-length'))],
      [400, Number(bad.headers.get('content-length'))],
    ]);
  });
});

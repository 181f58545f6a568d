import { connect } from 'node:net';
import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { createRestServer, type RestServer } from './index.js';
import { memoryLogger, testConfig } from './testdata/test-config.js';
import type { RouteDefinition } from './types.js';

// What reaches a handler, and the envelope for what must not: on a real server over HTTP.
const servers: RestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const seen: unknown[] = [];
const routes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/things/:id',
    handler: 'Save',
    schema: {
      params: Type.Object({ id: Type.String({ maxLength: 500 }) }),
      querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }),
      body: Type.Object({
        name: Type.String(),
        at: Type.Union([Type.Integer(), Type.Null()]),
        tags: Type.Optional(Type.Array(Type.String())),
      }),
    },
    handle: async (request) => {
      seen.push({ params: request.params, query: request.query, body: request.body });
      return { ok: true };
    },
  },
  {
    method: 'GET',
    path: '/things',
    handler: 'List',
    schema: {
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 50 }),
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
      }),
    },
    handle: async (request) => ({ query: request.query }),
  },
];

async function serve() {
  const server = createRestServer(testConfig(), { logger: memoryLogger().logger });
  server.addRoutes({}, routes);
  const base = await server.start();
  servers.push(server);
  return base;
}

async function post(base: string, path: string, body: string, type = 'application/json') {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Sends raw bytes and resolves with everything the server answers before it closes. */
function rawExchange(base: string, bytes: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.on('data', (c: Buffer) => (out += c.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('request input', () => {
  it('answers requests the HTTP parser rejects in the catalog envelope', async () => {
    const base = await serve();
    const big = await rawExchange(
      base,
      `GET /things HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(big).toMatch(/traceparent: 00-[0-9a-f]{32}-/);
    expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'HEADERS_TOO_LARGE',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const smuggled = await rawExchange(
      base,
      'POST /things/a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expect(smuggled).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(smuggled.slice(smuggled.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('decodes a JSON body strictly: null stays null, a number is not a string', async () => {
    const base = await serve();
    seen.length = 0;
    const ok = await post(base, '/things/a?dryRun=true', '{"name":"Ann","at":null}');
    expect(ok.status).toBe(200);
    // Path and query values are text on the wire and are converted; the body is not.
    expect(seen).toEqual([
      { params: { id: 'a' }, query: { dryRun: true }, body: { name: 'Ann', at: null } },
    ]);
    for (const body of ['{"name":123,"at":1}', '{"name":null,"at":1}', '{"name":"x","at":"17"}']) {
      const res = await post(base, '/things/a', body);
      expect(res.status, body).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(seen).toHaveLength(1);
    const list = await fetch(`${base}/things?limit=20`);
    expect(await list.json()).toEqual({ query: { limit: 20 } });
  });

  it('lists the allowed values of a union of literals in one detail', async () => {
    const base = await serve();
    const res = await fetch(`${base}/things?limit=5&status=foo`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: unknown }).details).toEqual([
      { field: 'querystring.status', reason: 'must be one of: open, closed' },
    ]);
  });

  it('refuses a NUL or a lone surrogate anywhere in the request with 400 naming the field', async () => {
    const base = await serve();
    seen.length = 0;
    const cases: [string, string, string][] = [
      ['/things/a', '{"name":"X\\u0000Y","at":1}', 'body.name'],
      ['/things/a', '{"name":"\\ud800abc","at":1}', 'body.name'],
      ['/things/a', '{"name":"ok","at":1,"tags":["a","\\udc00"]}', 'body.tags[1]'],
      ['/things/%00', '{"name":"ok","at":1}', 'params.id'],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(base, path, body);
      expect(res.status, body).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field, reason: expect.stringContaining('well-formed') }],
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
    expect(seen).toEqual([]);
  });

  it('answers router failures and plain text in the catalog envelope', async () => {
    const base = await serve();
    const badUrl = await fetch(`${base}/things/%ZZ`, { method: 'POST' });
    expect(badUrl.status).toBe(400);
    expect(await badUrl.json()).toMatchObject({
      code: 'BAD_REQUEST',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const long = await fetch(`${base}/things/${'x'.repeat(600)}`, { method: 'POST' });
    expect(long.status).toBe(414);
    expect(await long.json()).toMatchObject({
      code: 'URI_TOO_LONG',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    // A declared path with another method: 405 with Allow; an unknown path: 404.
    const wrongMethod = await fetch(`${base}/things/a`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    const unknown = await fetch(`${base}/nothing/here`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    const text = await post(base, '/things/a', 'name=Ann', 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

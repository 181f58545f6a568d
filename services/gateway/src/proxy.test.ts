// The edge proxy against a real upstream HTTP server: what the upstream receives, what the client
// gets back (small answers buffered, large ones streamed), and the envelopes for an upstream that
// is too slow or not there.
import { createLogger, parseConfig, type RestServer } from '@vigil/core';
import { waitFor } from '@vigil/testkit';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from './config.js';
import { createGateway } from './gateway.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const BIG = 3 * 1024 * 1024;
const MAX_BYTES = 100_000;
/** Set when the upstream's endless answer is torn down (its response closed). */
let endlessClosed = false;
let upstream: Server;
let gateway: RestServer;
let base = '';
const seen: Seen[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (req.url!.startsWith('/api/v1/svc/slow')) return; // never answers
      if (req.url!.startsWith('/api/v1/svc/endless')) {
        // Streams until the other side goes away, honouring backpressure.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.once('close', () => (endlessClosed = true));
        const block = Buffer.alloc(64 * 1024, 'e');
        const pump = () => {
          while (!res.destroyed && res.write(block));
        };
        res.on('drain', pump);
        return pump();
      }
      if (req.url!.startsWith('/api/v1/svc/hop')) {
        // `Connection` makes x-hop a hop-by-hop header of this answer.
        res.writeHead(200, { connection: 'keep-alive, x-hop', 'x-hop': 'secret', 'x-end': 'e2e' });
        return res.end('hop');
      }
      if (req.url!.startsWith('/api/v1/svc/nolen')) {
        // Chunked: no content-length, for GET and HEAD alike.
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(req.method === 'HEAD' ? undefined : 'chunked');
      }
      if (req.url!.startsWith('/api/v1/svc/big')) {
        // No content-length: chunked, so the gateway must stream it.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const block = Buffer.alloc(64 * 1024, 'v');
        for (let sent = 0; sent < BIG; sent += block.length) res.write(block);
        return res.end();
      }
      const body = JSON.stringify({ ok: true, url: req.url });
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-upstream': 'yes',
        'keep-alive': 'timeout=5',
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const port = (upstream.address() as { port: number }).port;
  const yaml = [
    'Name: gateway',
    'Port: 8888',
    `MaxBytes: ${MAX_BYTES}`,
    'RateLimit:',
    '  Enabled: false',
    'Upstreams:',
    '  - Name: svc',
    `    Url: http://127.0.0.1:${port}`,
    '    TimeoutMs: 300',
    '  - Name: gone',
    '    Url: http://127.0.0.1:9',
  ].join('\n');
  const config = { ...parseConfig(ConfigSchema, yaml, 'gateway.yaml', { env: {} }), Port: 0 };
  gateway = await createGateway(
    { ...config, Host: '127.0.0.1' },
    { logger: createLogger({ service: 'gateway', level: 'silent' }) },
  );
  base = await gateway.start();
});

afterAll(async () => {
  await gateway?.stop();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
});

/** A request through node:http, which (unlike fetch) sends any Connection header as given. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gateway proxy', () => {
  it('forwards method, path, query and headers, and adds the edge’s', async () => {
    const res = await fetch(`${base}/api/v1/svc/items/7?q=a%20b&n=1`, {
      headers: { 'x-forwarded-for': '10.0.0.1', 'x-request-id': 'req-1', 'x-custom': 'c' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, url: '/api/v1/svc/items/7?q=a%20b&n=1' });
    const got = seen.at(-1)!;
    expect(got.headers['x-custom']).toBe('c');
    expect(got.headers['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
    expect(got.headers['x-request-id']).toBe('req-1');
    // The upstream's parent is the edge: same trace as the id the client gets back.
    const edge = res.headers.get('traceparent')!.split('-');
    expect(String(got.headers.traceparent).split('-')[1]).toBe(edge[1]);
    // Upstream headers come back, hop-by-hop ones do not.
    expect(res.headers.get('x-upstream')).toBe('yes');
    expect(res.headers.get('keep-alive')).not.toBe('timeout=5');
  });

  it('passes a request body through and the upstream’s status back', async () => {
    const res = await fetch(`${base}/api/v1/svc/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(10_000) }),
    });
    expect(res.status).toBe(201);
    const got = seen.at(-1)!;
    expect(got.method).toBe('POST');
    expect(JSON.parse(got.body)).toEqual({ name: 'x'.repeat(10_000) });
    expect(got.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('streams a large answer of unknown length intact', async () => {
    const res = await fetch(`${base}/api/v1/svc/big`);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeGreaterThanOrEqual(BIG);
    expect(body.every((b) => b === 'v'.charCodeAt(0))).toBe(true);
  });

  it('passes Expect: 100-continue requests instead of failing them as upstream errors', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/api/v1/svc/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', expect: '100-continue' },
      });
      req.on('continue', () => req.end('{"a":1}'));
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
    });
    expect(status).toBe(201);
    expect(seen.at(-1)!.headers.expect).toBeUndefined();
  });

  it('answers 413 PAYLOAD_TOO_LARGE at the edge for a body over MaxBytes, sized or chunked', async () => {
    const before = seen.length;
    const sized = await fetch(`${base}/api/v1/svc/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(MAX_BYTES + 1, 'x'),
    });
    expect(sized.status).toBe(413);
    expect(((await sized.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(seen.length).toBe(before);
    const block = new Uint8Array(16 * 1024).fill(120);
    let sent = 0;
    const chunked = await fetch(`${base}/api/v1/svc/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new ReadableStream({
        pull(controller) {
          if (sent > 4 * MAX_BYTES) return controller.close();
          sent += block.length;
          controller.enqueue(block);
        },
      }),
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('drops the headers a Connection header names, both ways', async () => {
    const res = await raw('GET', '/api/v1/svc/hop', {
      connection: 'keep-alive, x-secret-hop',
      'x-secret-hop': '1',
      'x-kept': 'k',
    });
    expect(res.body).toBe('hop');
    expect(res.headers['x-hop']).toBeUndefined();
    expect(res.headers['x-end']).toBe('e2e');
    const got = seen.at(-1)!;
    expect(got.headers['x-secret-hop']).toBeUndefined();
    expect(got.headers['x-kept']).toBe('k');
  });

  it('adds no content-length the upstream did not send to a HEAD answer', async () => {
    const head = await raw('HEAD', '/api/v1/svc/nolen');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBeUndefined();
    expect((await raw('GET', '/api/v1/svc/nolen')).body).toBe('chunked');
  });

  it('lets go of the upstream when the client leaves a streamed answer', async () => {
    endlessClosed = false;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${base}/api/v1/svc/endless`);
      req.on('response', (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end();
      setTimeout(() => reject(new Error('no data')), 10_000).unref();
    });
    // Paused for a drain that never comes, the upstream call used to be held for ever.
    await waitFor(() => endlessClosed, { what: 'the upstream answer to be torn down' });
  });

  it('answers 504 TIMEOUT for an upstream slower than its TimeoutMs', async () => {
    const res = await fetch(`${base}/api/v1/svc/slow`);
    expect(res.status).toBe(504);
    const body = (await res.json()) as { code: string; traceId: string };
    expect(body.code).toBe('TIMEOUT');
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers 503 UNAVAILABLE for an upstream that refuses connections', async () => {
    const res = await fetch(`${base}/api/v1/gone/anything`, { method: 'DELETE' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('UNAVAILABLE');
  });
});

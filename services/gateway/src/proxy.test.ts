// The edge proxy against a real upstream HTTP server: what the upstream receives, what the client
// gets back (small answers buffered, large ones streamed), and the envelopes for an upstream that
// is too slow or not there.
import { createLogger, parseConfig, type RestServer } from '@vigil/core';
import { createServer, type IncomingMessage, type Server } from 'node:http';
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

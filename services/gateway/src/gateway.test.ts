// The gateway in front of two tiny upstream services (real HTTP on ephemeral ports): `/docs` is an
// interactive reference of every upstream's OpenAPI document, served without a CDN; the documents
// are reachable through the proxy; `/docs/openapi.json` merges them; a down upstream shows as
// unavailable while the page, the other documents and the gateway's liveness stay fine.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Script } from 'node:vm';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createLogger, parseConfig, type RestServer } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from './config.js';
import { createGateway } from './gateway.js';

/** A small document shaped like vigilctl's: its own ErrorBody, Auth scheme and refs to them. */
function documentOf(name: string): Record<string, unknown> {
  const error = { $ref: '#/components/responses/Error' };
  return {
    openapi: '3.1.0',
    info: { title: `Vigil ${name}`, version: '1.0.0' },
    paths: {
      [`/api/v1/${name}/items/{id}`]: {
        get: {
          operationId: 'getItem',
          tags: ['items'],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'OK',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
            },
            default: error,
          },
          security: [{ Auth: [] }],
        },
      },
    },
    components: {
      schemas: {
        Item: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        ErrorBody: { type: 'object', properties: { code: { type: 'string' } } },
      },
      responses: {
        Error: {
          description: 'Error envelope',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        },
      },
      securitySchemes: { Auth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

/** An upstream answering its document and /readyz; anything else is 404 (as a worker would). */
async function startUpstream(name: string): Promise<{ server: Server; url: string }> {
  const body = JSON.stringify(documentOf(name));
  const server = createServer((req, res) => {
    if (req.url === `/api/v1/${name}/openapi.json`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else if (req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"NOT_FOUND"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

let identity: Awaited<ReturnType<typeof startUpstream>>;
let patient: Awaited<ReturnType<typeof startUpstream>>;
let gateway: RestServer;
let base = '';

beforeAll(async () => {
  identity = await startUpstream('identity');
  patient = await startUpstream('patient');
  const yaml = [
    'Name: gateway',
    'Host: 127.0.0.1',
    'Port: 8888',
    'RateLimit:',
    '  Enabled: false',
    'Upstreams:',
    '  - Name: identity',
    `    Url: ${identity.url}`,
    '  - Name: patient',
    `    Url: ${patient.url}`,
    // A worker with no API: it answers, but has no document.
    '  - Name: followup',
    `    Url: ${identity.url}`,
  ].join('\n');
  // An ephemeral port, which the config schema (rightly) refuses in a file.
  const config = { ...parseConfig(ConfigSchema, yaml, 'gateway.yaml', { env: {} }), Port: 0 };
  gateway = await createGateway(config, {
    logger: createLogger({ service: 'gateway', level: 'silent' }),
  });
  base = await gateway.start();
});

afterAll(async () => {
  await gateway?.stop();
  if (identity) await close(identity.server);
  if (patient?.server.listening) await close(patient.server);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted by shape
type Body = Record<string, any>;

async function json(path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Body };
}

async function expectValid(doc: Body) {
  const result = await new Validator().validate(doc);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('gateway /docs with every upstream up', () => {
  it('/docs redirects to the reference page, which lists every service', async () => {
    const redirect = await fetch(`${base}/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/');
    const page = await fetch(`${base}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const name of ['identity', 'patient', 'followup']) {
      expect(html).toContain(`"url": "/docs/${name}/openapi.json"`);
      expect(html).toContain(`"title": "${name}"`);
    }
    expect(html).toContain('"url": "/docs/openapi.json"');
    // The script comes from the gateway, and nothing is fetched from the internet.
    expect(html).toContain('<script src="js/scalar.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    // The inline start-up script is JavaScript that parses (its config serialised correctly).
    const inline = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)];
    expect(inline).toHaveLength(1);
    expect(() => new Script(inline[0]![1]!)).not.toThrow();
  });

  it('serves the reference script itself', async () => {
    const res = await fetch(`${base}/docs/js/scalar.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const js = await res.text();
    expect(js.length).toBeGreaterThan(1_000_000);
    expect(() => new Script(js)).not.toThrow();
  });

  it('proxies each service document at /api/v1/<name>/openapi.json', async () => {
    for (const name of ['identity', 'patient']) {
      const { status, body } = await json(`/api/v1/${name}/openapi.json`);
      expect(status).toBe(200);
      expect(body).toEqual(documentOf(name));
    }
  });

  it('gives the page each service document, and a stand-in for one without any', async () => {
    expect(await json('/docs/patient/openapi.json')).toEqual({
      status: 200,
      body: documentOf('patient'),
    });
    const followup = await json('/docs/followup/openapi.json');
    expect(followup.status).toBe(200);
    expect(followup.body.info).toMatchObject({ title: 'followup (unavailable)' });
    expect(followup.body.info.description).toContain('it serves no API document');
    await expectValid(followup.body);
  });

  it('merges the services into one valid document, one tag and renamed components each', async () => {
    const { status, body } = await json('/docs/openapi.json');
    expect(status).toBe(200);
    await expectValid(body);
    expect(body.tags.map((t: { name: string }) => t.name)).toEqual(['identity', 'patient']);
    const op = body.paths['/api/v1/patient/items/{id}'].get;
    expect(op).toMatchObject({
      operationId: 'patient.getItem',
      tags: ['patient'],
      security: [{ 'patient.Auth': [] }],
      responses: { default: { $ref: '#/components/responses/patient.Error' } },
    });
    expect(Object.keys(body.components.schemas).sort()).toEqual([
      'identity.ErrorBody',
      'identity.Item',
      'patient.ErrorBody',
      'patient.Item',
    ]);
    expect(body.components.securitySchemes).toHaveProperty(['identity.Auth']);
    expect(body.paths).toHaveProperty(['/api/v1/identity/items/{id}']);
    expect(body.info.description).toContain('**followup** is missing: it serves no API document');
  });
});

describe('gateway /healthz with every upstream up', () => {
  it('answers 200 with each upstream ready', async () => {
    const live = await json('/healthz');
    expect(live.status).toBe(200);
    expect(live.body.upstreams.status).toBe('ok');
    expect(Object.keys(live.body.upstreams.services).sort()).toEqual([
      'followup',
      'identity',
      'patient',
    ]);
  });
});

describe('gateway /docs with an upstream down', () => {
  beforeAll(async () => {
    await close(patient.server);
  });

  it('still answers the page, and shows the down service as unavailable', async () => {
    const page = await fetch(`${base}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('"url": "/docs/patient/openapi.json"');
    const down = await json('/docs/patient/openapi.json');
    expect(down.status).toBe(200);
    expect(down.body.info.title).toBe('patient (unavailable)');
    expect(down.body.info.description).toContain('it is not reachable');
    await expectValid(down.body);
    expect((await json('/docs/identity/openapi.json')).body).toEqual(documentOf('identity'));
  });

  it('answers the proxied document with the UNAVAILABLE envelope', async () => {
    const { status, body } = await json('/api/v1/patient/openapi.json');
    expect(status).toBe(503);
    expect(body).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('merges what is left and names what is missing', async () => {
    const { body } = await json('/docs/openapi.json');
    await expectValid(body);
    expect(Object.keys(body.paths)).toEqual(['/api/v1/identity/items/{id}']);
    expect(body.info.description).toContain('**patient** is missing: it is not reachable');
  });

  it('keeps /healthz a liveness probe while both health views report the outage', async () => {
    const live = await json('/healthz');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      status: 'ok',
      service: 'gateway',
      upstreams: { status: 'degraded', services: { patient: { status: 'down' } } },
    });
    expect(live.body.upstreams.services.identity.status).toBe('ok');
    const health = await json('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body.services.patient.status).toBe('down');
  });
});

// A generated service serves its contract's OpenAPI 3.1 document at /api/v1/<name>/openapi.json
// (where the gateway's proxy reaches it): valid, the same as `vigilctl api openapi`, public even
// when routes need a token, and a system route that load shedding leaves alone.
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createLogger } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApi } from '../../api/load.js';
import { generateService, runServiceGen } from '../service.js';
import { analyzeForGen } from '../ts/generate-api.js';
import { openApiDocument } from './openapi.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/gen/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../../../node_modules', import.meta.url));

interface GeneratedService {
  http: { start(): Promise<string>; stop(): Promise<void> };
}

let tmp = '';
let dir = '';
let base = '';
let service: GeneratedService | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-gen-openapi-'));
  await symlink(NODE_MODULES, join(tmp, 'node_modules'));
  dir = join(tmp, 'demo');
  await mkdir(dir);
  await copyFile(join(FIXTURES, 'demo.api'), join(dir, 'demo.api'));
  const r = await runServiceGen({ dir, httpPort: 18080 });
  expect(r.messages).toEqual([]);
  const { createService } = (await import(join(dir, 'src/server.gen.ts'))) as {
    createService: (config: unknown, svc: unknown) => GeneratedService;
  };
  const logger = createLogger({ service: 'demo', level: 'silent' });
  const config = {
    Name: 'demo',
    Host: '127.0.0.1',
    Port: 0,
    Timeout: 3000,
    MaxBytes: 1 << 20,
    // No request may be in flight: every route that is not a system route is shed with 503.
    MaxConns: 0,
    CpuThreshold: 0,
    ShutdownTimeoutMs: 100,
    Auth: { AccessSecret: 'demo-secret-0123456789abcdef' },
  };
  service = createService(config, { config, logger, close: async () => {} });
  base = await service.http.start();
});

afterAll(async () => {
  await service?.http.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('served OpenAPI document', () => {
  it('answers the contract document, valid OpenAPI 3.1, without a token', async () => {
    const res = await fetch(`${base}/api/v1/demo/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as Record<string, unknown>;
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // The same document `vigilctl api openapi` prints for the contract.
    const { spec } = await loadApi(join(dir, 'demo.api'));
    const { schemas, plan } = analyzeForGen(spec!);
    expect(doc).toEqual(openApiDocument(spec!, schemas, plan));
    expect(doc.paths).toHaveProperty(['/ping', 'get', 'security'], [{ Auth: [] }]);
  });

  it('is a system route: served while the contract routes are shed', async () => {
    const shed = await fetch(`${base}/v1/trials/T1/items`);
    expect(shed.status).toBe(503);
    expect(await shed.json()).toMatchObject({ code: 'OVERLOADED' });
    expect((await fetch(`${base}/api/v1/demo/openapi.json`)).status).toBe(200);
  });
});

describe('reserved path', () => {
  it("refuses a contract route at the service's document path", async () => {
    const clash = join(tmp, 'clash');
    await mkdir(clash);
    const api = join(clash, 'clash.api');
    await writeFile(
      api,
      'type Doc {\n\tA string `json:"a"`\n}\n\n@server (\n\tprefix: /api/v1/clash\n)\n' +
        'service clash-api {\n\t@handler Doc\n\tget /openapi.json returns (Doc)\n}\n',
    );
    const r = await generateService({ dir: clash, httpPort: 18081 });
    expect(r.failed).toBe(true);
    expect(r.messages).toEqual([
      `${api}:10:2: GET /api/v1/clash/openapi.json is reserved for the service's OpenAPI document`,
    ]);
  });
});

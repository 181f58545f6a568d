// A service generated from test/fixtures/gen/demo.api, run in-process on @vigil/core: the tags
// become validation (defaults, options, ranges, optional), fields are read from path, query,
// headers and body into one request, group settings (middleware, body limit, JWT) apply, and the
// generated fetch client talks to it.
import { copyFile, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type RestServer } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServiceGen } from './service.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/gen/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

const LIST_LOGIC = `import type { ListReq, ListResp } from '../../types.gen.js';
export class ListItemsLogic {
  constructor(_ctx: unknown, _svc: unknown) {}
  async listItems(req: ListReq): Promise<ListResp> {
    const extra = { secret: 'dropped by the response schema' };
    return { items: [{ id: 7, tags: ['a'], ...extra }], page: req.page, status: req.status ?? 'any', trace: req['X-Trace-Tag'] ?? '' };
  }
}
`;
const CREATE_LOGIC = `import type { CreateReq, CreateResp } from '../../types.gen.js';
export class CreateItemLogic {
  constructor(_ctx: unknown, _svc: unknown) {}
  async createItem(req: CreateReq): Promise<CreateResp> {
    return { echo: req };
  }
}
`;
const BLOCK_MIDDLEWARE = `import { AppError, type Middleware } from '@vigil/core';
export function createBlockMiddleware(_svc: unknown): Middleware {
  return async (_ctx, request, next) => {
    if (request.headers['x-block']) throw new AppError('FORBIDDEN', 'blocked by middleware');
    return next();
  };
}
`;

interface Client {
  listItems(req: Record<string, unknown>): Promise<unknown>;
  createItem(req: Record<string, unknown>): Promise<unknown>;
  ping(): Promise<void>;
}

let dir = '';
let server: RestServer;
let client: Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-gen-runtime-'));
  // Bare imports (@vigil/core, @sinclair/typebox) of the generated code resolve to the repo's.
  await symlink(NODE_MODULES, join(dir, 'node_modules'));
  await copyFile(join(FIXTURES, 'demo.api'), join(dir, 'demo.api'));
  const r = await runServiceGen({ dir, httpPort: 18080 });
  expect(r.messages).toEqual([]);
  await writeFile(join(dir, 'src/logic/items/list-items.ts'), LIST_LOGIC);
  await writeFile(join(dir, 'src/logic/items/create-item.ts'), CREATE_LOGIC);
  await writeFile(join(dir, 'src/middleware/block.ts'), BLOCK_MIDDLEWARE);
  const routes = (await import(join(dir, 'src/routes.gen.ts'))) as {
    registerRoutes: (s: RestServer, svc: unknown) => void;
  };
  const clientModule = (await import(join(dir, 'src/client.gen.ts'))) as {
    createDemoApiClient: (o: { baseUrl: string }) => Client;
  };
  const { createRestServer } = await import('@vigil/core');
  const logger = createLogger({ service: 'demo', level: 'silent' });
  const config = {
    Name: 'demo',
    Host: '127.0.0.1',
    Port: 0,
    Timeout: 3000,
    MaxBytes: 1 << 20,
    MaxConns: 100,
    CpuThreshold: 0,
    ShutdownTimeoutMs: 100,
    Auth: { AccessSecret: 'demo-secret-0123456789abcdef' },
  };
  server = createRestServer(config, { logger });
  routes.registerRoutes(server, { config, logger, close: async () => {} });
  const url = await server.start();
  client = clientModule.createDemoApiClient({ baseUrl: url });
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const inject = (o: {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: Record<string, unknown>;
}) => server.app.inject(o);

describe('generated routes', () => {
  it('merges path, query (default filled) and header into one request; filters the response', async () => {
    const res = await inject({ url: '/v1/trials/T1/items', headers: { 'x-trace-tag': 'abc' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [{ id: 7, tags: ['a'] }],
      page: 1,
      status: 'any',
      trace: 'abc',
    });
    const paged = await inject({ url: '/v1/trials/T1/items?page=5&status=open' });
    expect(paged.json()).toMatchObject({ page: 5, status: 'open', trace: '' });
  });

  it('turns range= and options= into 400 VALIDATION_FAILED with the field', async () => {
    const low = await inject({ url: '/v1/trials/T1/items?page=0' });
    expect(low.statusCode).toBe(400);
    expect(low.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'querystring.page' }],
    });
    expect((await inject({ url: '/v1/trials/T1/items?page=101' })).statusCode).toBe(400);
    expect((await inject({ url: '/v1/trials/T1/items?status=gone' })).statusCode).toBe(400);
  });

  it('reads the JSON body with defaults, exclusive ranges and required fields', async () => {
    const ok = await inject({
      method: 'POST',
      url: '/v1/trials/T9/items',
      payload: { name: 'n', score: 10 },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ echo: { trialId: 'T9', name: 'n', score: 10, kind: 'a' } });
    const zero = await inject({
      method: 'POST',
      url: '/v1/trials/T9/items',
      payload: { name: 'n', score: 0 },
    });
    expect(zero.statusCode).toBe(400);
    const missing = await inject({
      method: 'POST',
      url: '/v1/trials/T9/items',
      payload: { score: 1 },
    });
    expect(missing.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body.name', reason: 'is required' }],
    });
    const kind = await inject({
      method: 'POST',
      url: '/v1/trials/T9/items',
      payload: { name: 'n', score: 1, kind: 'c' },
    });
    expect(kind.statusCode).toBe(400);
  });

  it('applies the group middleware and body limit', async () => {
    const blocked = await inject({ url: '/v1/trials/T1/items', headers: { 'x-block': '1' } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'FORBIDDEN' });
    const big = await inject({
      method: 'POST',
      url: '/v1/trials/T1/items',
      payload: { name: 'x'.repeat(2000), score: 1 },
    });
    expect(big.statusCode).toBe(413);
  });

  it('puts jwt: Auth routes behind a bearer token', async () => {
    const res = await inject({ url: '/ping' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('generated fetch client', () => {
  it('sends path, query, header and body fields where the contract says', async () => {
    await expect(
      client.listItems({ trialId: 'T 1', page: 2, 'X-Trace-Tag': 't' }),
    ).resolves.toEqual({
      items: [{ id: 7, tags: ['a'] }],
      page: 2,
      status: 'any',
      trace: 't',
    });
    await expect(
      client.createItem({ trialId: 'T2', name: 'n', score: 3, meta: { a: 1 } }),
    ).resolves.toEqual({
      echo: { trialId: 'T2', name: 'n', score: 3, kind: 'a', meta: { a: 1 } },
    });
  });

  it('throws ApiError with the envelope', async () => {
    const err = await client.listItems({ trialId: 'T1', page: 0 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ApiError', status: 400, code: 'VALIDATION_FAILED' });
    expect((err as { details: unknown[] }).details).toHaveLength(1);
    await expect(client.ping()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

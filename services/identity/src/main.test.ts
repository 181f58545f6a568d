import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@vigil/core';
import { requireService, waitFor } from '@vigil/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTables } from './model/schema.js';
import { seedIdentityDemo } from './seed.js';
import { freePort, testTargets, type TestServer } from './testing/test-databases.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pgUrl = await requireService('postgres');
const open = (await testTargets())[0]![1];

interface Child {
  exit: Promise<{ code: number | null; stderr: string }>;
  kill(): void;
}

/** `npm start` of the service, as `vigil start` runs it: its own process, env from the supervisor. */
function startMain(env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=vigil-source', '--import', 'tsx', 'src/main.ts', '-f', 'etc/identity.yaml'],
    { cwd: serviceDir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    exit: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))),
    kill: () => child.kill('SIGTERM'),
  };
}

async function envFor(url: string, mode: string): Promise<Record<string, string>> {
  const port = await freePort();
  return {
    VIGIL_MODE: mode,
    IDENTITY_DATABASE_URL: url,
    IDENTITY_HTTP_PORT: String(port),
    IDENTITY_GRPC_PORT: String(await freePort()),
    IDENTITY_JWKS_URL: `http://127.0.0.1:${port}/api/v1/identity/jwks.json`,
    IDENTITY_LOG_LEVEL: 'warn',
  };
}

describe.skipIf(!pgUrl)('identity main.ts as a process', () => {
  let server: TestServer;
  const drops: (() => Promise<void>)[] = [];

  async function freshUrl(): Promise<string> {
    const created = await server.createDatabase();
    drops.push(created.drop);
    return created.url;
  }

  beforeAll(async () => {
    server = await open!();
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('embedded: migrates, serves, and stops cleanly on SIGTERM', async () => {
    const env = await envFor(await freshUrl(), 'embedded');
    const child = startMain(env);
    try {
      const ready = await waitFor(
        async () => (await fetch(`http://127.0.0.1:${env.IDENTITY_HTTP_PORT}/readyz`)).ok,
        { timeoutMs: 20_000, what: 'identity /readyz' },
      );
      expect(ready).toBe(true);
      const jwks = await fetch(`http://127.0.0.1:${env.IDENTITY_HTTP_PORT}/.well-known/jwks.json`);
      expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);
    } finally {
      child.kill();
    }
    expect((await child.exit).code).toBe(0);
  });

  it('production: refuses to start on an unmigrated database, in one line', async () => {
    const { code, stderr } = await startMain(await envFor(await freshUrl(), 'production')).exit;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('identity: cannot start: the identity database has 8 pending');
    expect(stderr).toContain('vigil migrate');
  });

  it('production: refuses to start while demo users exist', async () => {
    const url = await freshUrl();
    const database = createDatabase<IdentityTables>(
      { DataSource: url },
      { logger: pino({ level: 'silent' }), service: 'seed' },
    );
    await seedIdentityDemo(database);
    await database.close();
    const { code, stderr } = await startMain(await envFor(url, 'production')).exit;
    expect(code).toBe(1);
    expect(stderr).toContain('production mode refuses to start: 4 demo user(s)');
  });
});

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@vigil/testkit';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { freePort } from './test-databases.js';

const logger = pino({ level: 'silent' });
const here = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const handles: EmbeddedPostgresHandle[] = [];

function tempDir(): string {
  const dir = path.join(os.tmpdir(), `vigil-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  dirs.push(dir);
  return dir;
}

async function start(dir: string, port: number) {
  const handle = await startEmbeddedPostgres({ dir, port, logger });
  handles.push(handle);
  return handle;
}

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  return query(url, 'select 1').then(
    () => true,
    () => false,
  );
}

afterAll(async () => {
  for (const handle of handles) await handle.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('starts once for concurrent callers, serves one database per service, and restarts on its data', async () => {
    const dir = tempDir();
    const port = await freePort();
    const [a, b] = await Promise.all([start(dir, port), start(dir, port)]);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    const owner = a.started ? a : b;
    const guest = a.started ? b : a;

    const urls = await Promise.all([
      owner.ensureDatabase('identity'),
      guest.ensureDatabase('identity'),
      owner.ensureDatabase('patient'),
    ]);
    expect(urls[0]).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/identity`);
    await query(urls[2], 'create table kept (id int)');
    expect(await query(urls[0], 'select version()')).toEqual([
      { version: expect.stringMatching(/^PostgreSQL 18/) },
    ]);

    // A guest's stop leaves the owner's server running.
    await guest.stop();
    expect(await answers(urls[0])).toBe(true);
    await owner.stop();
    expect(await answers(urls[0])).toBe(false);

    // The initialised data dir is reused: the table survives the restart.
    const again = await start(dir, port);
    expect(again.started).toBe(true);
    expect(await query(again.url('patient'), 'select count(*)::int as n from kept')).toEqual([
      { n: 0 },
    ]);
    await again.stop();
  });

  it('adopts a server left running by a previous process instead of failing', async () => {
    const dir = tempDir();
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--conditions=vigil-source',
        '--import',
        'tsx',
        path.join(here, 'fixtures/start-embedded.ts'),
        dir,
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor(() => out.includes('ready'), { timeoutMs: 30_000, what: 'child ready' });
    // SIGKILL: the child's exit hooks do not run, so its postgres keeps running, orphaned.
    child.kill('SIGKILL');
    await waitFor(() => child.exitCode !== null || child.signalCode !== null);
    const postmasterPid = Number(
      (await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );

    try {
      const adopted = await start(dir, port);
      expect(adopted.started).toBe(false);
      expect(await answers(await adopted.ensureDatabase('report'))).toBe(true);
    } finally {
      // We caused that orphan; end it (SIGINT = PostgreSQL's fast shutdown).
      process.kill(postmasterPid, 'SIGINT');
      await waitFor(
        () => {
          try {
            process.kill(postmasterPid, 0);
            return false;
          } catch {
            return true;
          }
        },
        { timeoutMs: 15_000, what: 'orphaned postgres to stop' },
      );
    }
    // Starting the server left the process's signal handling alone: embedded-postgres's own
    // handlers would exit at once, before an owner like `vigil start` had stopped its services.
    // (Checked last, so a failure still ends the child's server above.)
    expect(out).toContain('ready 0,0,0');
  });

  it('installs no signal handlers in processes that only import the store', () => {
    // embedded-postgres hooks SIGTERM & co. on import and then exits the process; a service must
    // keep its own graceful shutdown, so the package is imported only when a server is started.
    const script = `await import(${JSON.stringify(path.join(here, 'index.ts'))});
      process.stdout.write(String(['SIGTERM', 'SIGINT', 'beforeExit'].map((e) => process.listenerCount(e))));`;
    const out = execFileSync(
      process.execPath,
      ['--conditions=vigil-source', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(out).toBe('0,0,0');
  });
});

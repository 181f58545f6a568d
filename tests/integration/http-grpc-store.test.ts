// Issue 4's demo pair: two processes proving the whole runtime path — HTTP request → logic →
// gRPC client → gRPC server → store with cache — on the machine's PostgreSQL and Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireService } from '@vigil/testkit';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const pgUrl = await requireService('postgres');
const redisUrl = await requireService('redis');
const schema = `vigil_it_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

interface Proc {
  child: ChildProcess;
  ready: string;
  out: () => string;
}

function start(file: string, env: Record<string, string>): Promise<Proc> {
  const child = spawn(
    process.execPath,
    ['--conditions=vigil-source', '--import', 'tsx', path.join(here, 'fixtures', file)],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, ready: m[1]!, out: () => out });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}: ${out}`)));
  });
}

async function stop(proc: Proc | undefined) {
  if (!proc || proc.child.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.kill('SIGTERM');
  await exited;
}

async function metricsOf(proc: Proc): Promise<string> {
  const before = proc.out().length;
  proc.child.kill('SIGUSR2');
  for (let i = 0; i < 200; i++) {
    const m = /METRICS (".*")\n/.exec(proc.out().slice(before));
    if (m) return JSON.parse(m[1]!) as string;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no metrics');
}

describe.skipIf(!pgUrl || !redisUrl)('HTTP → gRPC → store with cache (two processes)', () => {
  let grpcServer: Proc | undefined;
  let httpServer: Proc | undefined;

  beforeAll(async () => {
    const db = new pg.Client({ connectionString: pgUrl });
    await db.connect();
    await db.query(`create schema ${schema}`);
    await db.query(
      `create table ${schema}.drug (id text primary key, name text not null, atc text not null)`,
    );
    await db.query(
      `insert into ${schema}.drug values ('D-001', 'Metformin', 'A10BA02'), ('D-002', 'Atorvastatin', 'C10AA05')`,
    );
    await db.end();
    grpcServer = await start('drug-grpc-server.ts', {
      DATABASE_URL: pgUrl!,
      REDIS_URL: redisUrl!,
      SCHEMA: schema,
    });
    httpServer = await start('drug-http-server.ts', {
      GRPC_TARGET: `127.0.0.1:${grpcServer.ready}`,
    });
  }, 60_000);

  afterAll(async () => {
    await stop(httpServer);
    await stop(grpcServer);
    const db = new pg.Client({ connectionString: pgUrl });
    await db.connect();
    await db.query(`drop schema if exists ${schema} cascade`);
    await db.end();
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${schema}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('answers from the database first, then from the cache, with one trace across both processes', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const first = await fetch(`${httpServer!.ready}/api/v1/dict/drugs/D-001`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      drug: { id: 'D-001', name: 'Metformin', atc: 'A10BA02' },
    });
    const second = await fetch(`${httpServer!.ready}/api/v1/dict/drugs/D-001`);
    expect(second.status).toBe(200);
    const metrics = await metricsOf(grpcServer!);
    expect(metrics).toMatch(/vigil_cache_requests_total\{[^}]*result="miss"[^}]*\} 1/);
    expect(metrics).toMatch(/vigil_cache_requests_total\{[^}]*result="hit"[^}]*\} 1/);
    // The gRPC server's log line for the first call carries the HTTP caller's trace id.
    const lookup = grpcServer!
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'looking up drug');
    expect(lookup?.trace_id).toBe(traceId);
  });

  it('maps a NOT_FOUND from the gRPC server back to an HTTP 404 with the catalog code', async () => {
    const res = await fetch(`${httpServer!.ready}/api/v1/dict/drugs/D-404`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      code: 'NOT_FOUND',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

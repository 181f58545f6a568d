/**
 * `npm run bench -- store [--seconds N] [--rounds N] [--concurrency N] [--only cache,postgres,mysql]`: point reads of one row
 * by primary key, in process, closed loop. Each variant is measured against a raw baseline in the
 * same run, alternating rounds so both see the same machine noise:
 *   - cache hit: `cache.take` over Redis vs a raw ioredis GET of the same JSON;
 *   - uncached: a select through `createDatabase` (metrics + slow-query hook) vs raw Kysely over a
 *     bare pg.Pool / mysql2 pool, on the machine's PostgreSQL and MariaDB.
 * Prints ops/s, p50/p99 latency, CPU µs per op (this process only, from process.cpuUsage) and the
 * ratios (median over rounds).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createCache, createDatabase, type Cache, type Database } from '@vigil/core';
import { requireService } from '@vigil/testkit';
import { Redis } from 'ioredis';
import { Kysely, MysqlDialect, PostgresDialect, sql } from 'kysely';
import { createConnection } from 'mysql2/promise';
import { createPool as createCallbackPool } from 'mysql2';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { closedLoop, median, type LoopFigures } from './loop.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '32' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const ROWS = 10_000;
const POOL = 10;

interface Item {
  id: number;
  site: string;
  name: string;
  enrolled_at: Date;
}
interface BenchDB {
  bench_item: Item;
}

const logger = pino({ level: 'warn' });
const run = randomBytes(4).toString('hex');
const rows: string[] = [];

function row(name: string, f: LoopFigures, base?: LoopFigures): void {
  const ratio = base ? `${(f.opsPerSec / base.opsPerSec).toFixed(2)}` : '1.00';
  const cpu = base ? `${(f.cpuUsPerOp / base.cpuUsPerOp).toFixed(2)}×` : '1.00×';
  rows.push(
    `| ${name} | ${f.opsPerSec.toFixed(0)} | ${f.p50Us.toFixed(0)} | ${f.p99Us.toFixed(0)} | ${f.cpuUsPerOp.toFixed(1)} | ${ratio} | ${cpu} |`,
  );
}

/** Alternates baseline and variant for `rounds`; reports each one's median figures. */
async function pair(
  label: [string, string],
  baseline: (i: number) => Promise<unknown>,
  variant: (i: number) => Promise<unknown>,
): Promise<void> {
  process.stderr.write(`measuring ${label[1]} vs ${label[0]}…\n`);
  await closedLoop(baseline, 0.5, concurrency); // warm-up: JIT, pools, server caches
  await closedLoop(variant, 0.5, concurrency);
  const b: LoopFigures[] = [];
  const v: LoopFigures[] = [];
  for (let r = 0; r < rounds; r += 1) {
    b.push(await closedLoop(baseline, seconds, concurrency));
    v.push(await closedLoop(variant, seconds, concurrency));
  }
  const med = (list: LoopFigures[]): LoopFigures => ({
    ops: median(list.map((x) => x.ops)),
    opsPerSec: median(list.map((x) => x.opsPerSec)),
    cpuUsPerOp: median(list.map((x) => x.cpuUsPerOp)),
    p50Us: median(list.map((x) => x.p50Us)),
    p99Us: median(list.map((x) => x.p99Us)),
  });
  const base = med(b);
  row(`${label[0]} (baseline)`, base);
  row(label[1], med(v), base);
}

async function seed(db: Kysely<BenchDB>, dialect: 'postgres' | 'mysql'): Promise<void> {
  await db.schema
    .createTable('bench_item')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('site', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('enrolled_at', dialect === 'postgres' ? 'timestamptz' : 'datetime(3)', (c) =>
      c.notNull(),
    )
    .execute();
  for (let start = 0; start < ROWS; start += 1000) {
    const batch = Array.from({ length: 1000 }, (_, k) => ({
      id: start + k,
      site: `S${(start + k) % 40}`,
      name: `Patient ${start + k}`,
      enrolled_at: new Date(Date.UTC(2024, 0, 1) + (start + k) * 60_000),
    }));
    await db.insertInto('bench_item').values(batch).execute();
  }
}

const byId = (db: Kysely<BenchDB>) => (i: number) =>
  db
    .selectFrom('bench_item')
    .selectAll()
    .where('id', '=', i % ROWS)
    .executeTakeFirst();

async function benchPostgres(url: string): Promise<void> {
  const dbName = `vigil_bench_${run}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${dbName}`;
  const raw = new Kysely<BenchDB>({
    dialect: new PostgresDialect({
      // The same pool settings createDatabase derives from the config defaults, so the ratio
      // measures the store's own layer (log hook, histogram), not pool tuning.
      pool: new pg.Pool({
        connectionString: dbUrl.toString(),
        max: POOL,
        idleTimeoutMillis: 30_000,
        connectionTimeoutMillis: 5_000,
      }),
    }),
  });
  const store: Database<BenchDB> = createDatabase<BenchDB>(
    { DataSource: dbUrl.toString(), MaxOpenConns: POOL },
    { logger, registry: new Registry(), service: 'bench' },
  );
  try {
    await seed(raw, 'postgres');
    await sql`analyze bench_item`.execute(raw);
    await pair(
      ['raw Kysely select, PostgreSQL', 'store select, PostgreSQL'],
      byId(raw),
      byId(store.db),
    );
  } finally {
    await raw.destroy();
    await store.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

async function benchMysql(url: string): Promise<void> {
  const dbName = `vigil_bench_${run}`;
  const admin = await createConnection(url);
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${dbName}`;
  const raw = new Kysely<BenchDB>({
    dialect: new MysqlDialect({
      pool: createCallbackPool({
        uri: dbUrl.toString(),
        connectionLimit: POOL,
        maxIdle: POOL,
        idleTimeout: 30_000,
        connectTimeout: 5_000,
        timezone: 'Z',
        supportBigNumbers: true,
        bigNumberStrings: true,
      }),
    }),
  });
  const store = createDatabase<BenchDB>(
    { DataSource: dbUrl.toString(), MaxOpenConns: POOL },
    { logger, registry: new Registry(), service: 'bench' },
  );
  try {
    await seed(raw, 'mysql');
    await pair(['raw Kysely select, MariaDB', 'store select, MariaDB'], byId(raw), byId(store.db));
  } finally {
    await raw.destroy();
    await store.close();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.end();
  }
}

async function benchCache(url: string): Promise<void> {
  const prefix = `vigil:bench:${run}:`;
  const raw = new Redis(url);
  const cache: Cache = createCache(
    { Redis: url, KeyPrefix: prefix },
    { logger, registry: new Registry(), service: 'bench' },
  );
  const memory: Cache = createCache(
    { KeyPrefix: prefix },
    { logger, registry: new Registry(), service: 'bench' },
  );
  const KEYS = 1000;
  const item = (i: number): Item => ({
    id: i,
    site: `S${i % 40}`,
    name: `Patient ${i}`,
    enrolled_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
  });
  try {
    for (let i = 0; i < KEYS; i += 1) {
      await raw.set(`${prefix}item:${i}`, JSON.stringify(item(i)), 'PX', 600_000);
      await memory.set(`item:${i}`, item(i));
    }
    // Every take below is a hit: the loader is never called.
    const never = async (): Promise<Item> => {
      throw new Error('unexpected miss');
    };
    await cache.take('item:0', never).catch(() => undefined); // connection is up
    await pair(
      ['raw ioredis GET', 'cache.take hit, Redis'],
      (i) => raw.get(`${prefix}item:${i % KEYS}`),
      (i) => cache.take(`item:${i % KEYS}`, never),
    );
    await pair(
      ['raw ioredis GET', 'cache.take hit, in-process memory'],
      (i) => raw.get(`${prefix}item:${i % KEYS}`),
      (i) => memory.take(`item:${i % KEYS}`, never),
    );
  } finally {
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
    await raw.quit();
    await cache.close();
    await memory.close();
  }
}

const [pgUrl, mysqlUrl, redisUrl] = await Promise.all([
  requireService('postgres'),
  requireService('mysql'),
  requireService('redis'),
]);
const wanted = (name: string) => !values.only || values.only.split(',').includes(name);
if (redisUrl && wanted('cache')) await benchCache(redisUrl);
if (pgUrl && wanted('postgres')) await benchPostgres(pgUrl);
if (mysqlUrl && wanted('mysql')) await benchMysql(mysqlUrl);

process.stdout.write(
  [
    '',
    `Point read of one row by primary key; ${concurrency} concurrent callers, ${rounds} alternating rounds of ${seconds} s, medians.`,
    '',
    '| variant | ops/s | p50 µs | p99 µs | CPU µs/op (client) | throughput vs baseline | CPU/op vs baseline |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);

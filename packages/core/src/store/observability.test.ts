import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { requireService } from '@vigil/testkit';
import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTelemetry, runWithTrace, shutdownTelemetry, startSpan } from '../trace/index.js';
import { createDatabase, type Database } from './database.js';
import { mysqlServer, postgresServer, type TestServer } from './test-databases.js';

interface TestDB {
  note: { id: number; body: string };
}

const pgUrl = await requireService('postgres');
const mysqlUrl = await requireService('mysql');
const targets: [string, TestServer | undefined][] = [
  ['PostgreSQL', pgUrl ? postgresServer(pgUrl) : undefined],
  ['MariaDB', mysqlUrl ? mysqlServer(mysqlUrl) : undefined],
];

const exporter = new InMemorySpanExporter();
beforeAll(() =>
  initTelemetry({ Sampler: 1, Batcher: 'none' }, 'store-test', { exporter, synchronous: true }),
);
afterAll(() => shutdownTelemetry());

/** The value of one series in the Prometheus text of `registry`. */
async function series(registry: Registry, name: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

for (const [label, server] of targets) {
  describe.skipIf(!server)(`store observability on ${label}`, () => {
    let database: Database<TestDB>;
    let drop: () => Promise<void>;
    const registry = new Registry();

    beforeAll(async () => {
      const created = await server!.createDatabase();
      drop = created.drop;
      database = createDatabase<TestDB>(
        { DataSource: created.url, MaxOpenConns: 3 },
        { logger: pino({ level: 'silent' }), registry, service: 'store-test' },
      );
      await sql`create table note (id int primary key, body varchar(100))`.execute(database.db);
    });
    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('records each query of a trace as a client span without its parameters', async () => {
      exporter.reset();
      const request = startSpan('request', { kind: 'server' });
      await runWithTrace(request.context, async () => {
        await database.db.insertInto('note').values({ id: 1, body: 'secret-value' }).execute();
        await database.db.selectFrom('note').selectAll().where('id', '=', 1).execute();
        await sql`select no_such_column from note`.execute(database.db).catch(() => undefined);
      });
      // Outside any trace: not spanned.
      await database.db.selectFrom('note').selectAll().execute();
      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name)).toEqual(['insert note', 'select note', 'select']);
      for (const s of spans) {
        expect(s.parentSpanContext?.spanId).toBe(request.context.spanId);
        expect(JSON.stringify(s.attributes)).not.toContain('secret-value');
      }
      expect(spans[1]!.attributes).toMatchObject({
        'db.system.name': label === 'PostgreSQL' ? 'postgresql' : 'mysql',
        'db.operation.name': 'select',
        'db.collection.name': 'note',
      });
      expect(String(spans[1]!.attributes['db.query.text'])).toMatch(/select .* from .note./i);
      expect(spans[2]!.status.code).toBe(2);
    });

    it('publishes pool gauges at scrape time and drops them when the pool closes', async () => {
      const hold = database.transaction(async (trx) => {
        // While this transaction holds a connection, the pool has at least one open.
        expect(await series(registry, 'vigil_db_pool_open_connections')).toBeGreaterThanOrEqual(1);
        await sql`select 1`.execute(trx);
      });
      await hold;
      expect(await series(registry, 'vigil_db_pool_max_connections')).toBe(3);
      expect(await series(registry, 'vigil_db_pool_waiting_requests')).toBe(0);
      expect(await series(registry, 'vigil_db_pool_idle_connections')).toBeGreaterThanOrEqual(1);
      await database.close();
      expect(await series(registry, 'vigil_db_pool_max_connections')).toBeUndefined();
    });
  });
}

import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { requireService } from '@vigil/testkit';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createDatabase } from './database.js';
import { migrateUp, migrationStatus, type VigilMigration } from './migrate.js';
import {
  embeddedServer,
  freePort,
  mysqlServer,
  postgresServer,
  type TestServer,
} from './test-databases.js';

interface TestDB {
  patient: { id: string | number; site: string; name: string; enrolled_at: Date };
  visit: { id: string | number; patient_id: string | number; label: string };
}

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/migrations');
const pgUrl = await requireService('postgres');
const mysqlUrl = await requireService('mysql');

// The same suite runs on every engine a service may be deployed on.
const targets: [string, (() => Promise<TestServer>) | undefined][] = [
  ['machine PostgreSQL', pgUrl ? async () => postgresServer(pgUrl) : undefined],
  ['machine MariaDB', mysqlUrl ? async () => mysqlServer(mysqlUrl) : undefined],
  ['embedded PostgreSQL', embeddedServer],
];

function collectingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

for (const [label, open] of targets) {
  describe.skipIf(!open)(`store on ${label}`, () => {
    let server: TestServer;
    const drops: (() => Promise<void>)[] = [];
    const closes: (() => Promise<void>)[] = [];

    /** A fresh database with its own registry and log collector. */
    async function freshDatabase(extra: { SlowThresholdMs?: number } = {}) {
      const created = await server.createDatabase();
      drops.push(created.drop);
      const registry = new Registry();
      const { logger, lines } = collectingLogger();
      const database = createDatabase<TestDB>(
        { DataSource: created.url, MaxOpenConns: 4, ...extra },
        { logger, registry, service: 'store-test' },
      );
      closes.push(() => database.close());
      return { database, registry, lines, url: created.url };
    }

    beforeAll(async () => {
      server = await open!();
    });

    afterAll(async () => {
      for (const close of closes) await close();
      for (const drop of drops) await drop();
      await server?.close();
    });

    it('runs numbered migrations once, in order, and reports their status', async () => {
      const { database } = await freshDatabase();
      expect(await migrationStatus(database, fixtures)).toEqual([
        { name: '0001_create_patient', executedAt: undefined },
        { name: '0002_create_visit', executedAt: undefined },
      ]);
      expect(await migrateUp(database, fixtures)).toEqual([
        '0001_create_patient',
        '0002_create_visit',
      ]);
      expect(await migrateUp(database, fixtures)).toEqual([]);
      const status = await migrationStatus(database, fixtures);
      expect(status.map((s) => s.executedAt instanceof Date)).toEqual([true, true]);
    });

    it('lets concurrent runners apply each migration exactly once', async () => {
      const { url } = await freshDatabase();
      const runners = Array.from({ length: 3 }, () => {
        const db = createDatabase<TestDB>(
          { DataSource: url, MaxOpenConns: 2 },
          { logger: pino({ level: 'silent' }), registry: new Registry(), service: 'runner' },
        );
        closes.push(() => db.close());
        return db;
      });
      const ran = await Promise.all(runners.map((db) => migrateUp(db, fixtures)));
      expect(ran.flat().sort()).toEqual(['0001_create_patient', '0002_create_visit']);
    });

    it('stores and reads rows with UTC timestamps and string bigints on every dialect', async () => {
      const { database } = await freshDatabase();
      await migrateUp(database, fixtures);
      const enrolledAt = new Date('2024-02-29T23:59:58.123Z');
      await database.db
        .insertInto('patient')
        .values({ id: 1, site: 'S01', name: 'Ada', enrolled_at: enrolledAt })
        .execute();
      await database.db
        .updateTable('patient')
        .set({ name: 'Ada L.' })
        .where('id', '=', 1)
        .execute();
      const row = await database.db
        .selectFrom('patient')
        .selectAll()
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ id: '1', site: 'S01', name: 'Ada L.', enrolled_at: enrolledAt });
      await database.db.deleteFrom('patient').where('id', '=', 1).execute();
      const { count } = await database.db
        .selectFrom('patient')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      expect(String(count)).toBe('0');
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const { database } = await freshDatabase();
      await migrateUp(database, fixtures);
      const insert = (db: Kysely<TestDB>, id: number) =>
        db
          .insertInto('visit')
          .values({ id, patient_id: 1, label: `v${id}` })
          .execute();
      await database.transaction(async (trx) => {
        await insert(trx, 1);
        await insert(trx, 2);
      });
      await expect(
        database.transaction(async (trx) => {
          await insert(trx, 3);
          throw new AppError('CONFLICT');
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      const ids = await database.db.selectFrom('visit').select('id').orderBy('id').execute();
      expect(ids.map((r) => String(r.id))).toEqual(['1', '2']);
    });

    it('times every query by operation and logs slow ones without their parameters', async () => {
      const { database, registry, lines } = await freshDatabase({ SlowThresholdMs: 0 });
      await migrateUp(database, fixtures);
      await database.db
        .selectFrom('patient')
        .selectAll()
        .where('name', '=', 'secret-name-4711')
        .execute();
      const text = await registry.metrics();
      const count = new RegExp(
        `vigil_db_query_duration_seconds_count\\{service="store-test",dialect="${database.dialect}",operation="select"\\} (\\d+)`,
      ).exec(text);
      expect(Number(count?.[1])).toBeGreaterThanOrEqual(1);
      const slow = lines.filter((l) => l.msg === 'slow query');
      const patientSelect = slow.find((l) => String(l.sql).includes('from "patient"'));
      const mysqlSelect = slow.find((l) => String(l.sql).includes('from `patient`'));
      expect(patientSelect ?? mysqlSelect).toMatchObject({ operation: 'select', level: 40 });
      expect(JSON.stringify(lines)).not.toContain('secret-name-4711');
    });

    it('rolls back a failed migration batch where DDL is transactional', async () => {
      const { database } = await freshDatabase();
      const failing: VigilMigration[] = [
        {
          name: '0001_ok',
          up: (db) => db.schema.createTable('t_ok').addColumn('id', 'integer').execute(),
        },
        { name: '0002_broken', up: (db) => sql`create tabel nope (id int)`.execute(db).then() },
      ];
      await expect(migrateUp(database, failing)).rejects.toThrow(/0002_broken failed/);
      const status = await migrationStatus(database, failing);
      // PostgreSQL runs the pending batch in one transaction; MySQL commits DDL as it goes.
      const okRan = status[0]?.executedAt !== undefined;
      expect(okRan).toBe(database.dialect === 'mysql');
      expect(status[1]?.executedAt).toBeUndefined();
    });

    it('answers ping, and fails it with UNAVAILABLE when the server is unreachable', async () => {
      const { database } = await freshDatabase();
      await expect(database.ping()).resolves.toBeUndefined();
      const port = await freePort();
      const scheme = database.dialect === 'postgres' ? 'postgres' : 'mysql';
      const dead = createDatabase(
        { DataSource: `${scheme}://root@127.0.0.1:${port}/x`, ConnectTimeoutMs: 500 },
        { logger: pino({ level: 'silent' }), registry: new Registry(), service: 'dead' },
      );
      await expect(dead.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await dead.close();
    });
  });
}

describe('createDatabase config', () => {
  it('rejects an unsupported DataSource scheme and a bad pool size, naming the key', () => {
    const opts = { logger: pino({ level: 'silent' }), service: 'x' };
    expect(() => createDatabase({ DataSource: 'sqlite://x.db' }, opts)).toThrow(/postgres:\/\//);
    expect(() => createDatabase({ DataSource: 'postgres://h/db', MaxOpenConns: 0 }, opts)).toThrow(
      /MaxOpenConns/,
    );
  });
});

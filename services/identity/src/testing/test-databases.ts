import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, migrateUp, startEmbeddedPostgres } from '@vigil/core';
import { requireService } from '@vigil/testkit';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import pino from 'pino';
import { IDENTITY_MIGRATIONS_DIR } from '../migrations.js';
import type { IdentityDatabase, IdentityTables } from '../model/schema.js';

/**
 * Test support (not exported): the engines identity runs on — the machine's PostgreSQL and
 * MariaDB, and a private embedded PostgreSQL — each handing out fresh, migrated databases that
 * are dropped afterwards. Mirrors packages/core/src/store/test-databases.ts, which core does not
 * export.
 */
export interface TestServer {
  readonly name: string;
  /** A new empty database's URL and how to drop it. */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  close(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const uniqueName = () => `vigil_id_${randomBytes(5).toString('hex')}`;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

function postgresServer(url: string, name: string): TestServer {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    async createDatabase() {
      const db = uniqueName();
      await admin(`create database ${db}`);
      return {
        url: withDatabase(url, db),
        drop: () => admin(`drop database if exists ${db} with (force)`),
      };
    },
    close: async () => undefined,
  };
}

function mysqlServer(url: string): TestServer {
  const admin = async (statement: string) => {
    const conn = await createConnection(url);
    try {
      await conn.query(statement);
    } finally {
      await conn.end();
    }
  };
  return {
    name: 'mysql',
    async createDatabase() {
      const db = uniqueName();
      await admin(`create database ${db}`);
      return { url: withDatabase(url, db), drop: () => admin(`drop database if exists ${db}`) };
    },
    close: async () => undefined,
  };
}

async function embeddedServer(): Promise<TestServer> {
  // Directly under tmpdir: as root the server runs as `postgres`, which cannot enter a 0700
  // mkdtemp parent.
  const dir = path.join(
    os.tmpdir(),
    `vigil-id-pg-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const handle = await startEmbeddedPostgres({
    dir,
    port: await freePort(),
    logger: pino({ level: 'silent' }),
  });
  const base = postgresServer(handle.url('postgres'), 'embedded');
  return {
    ...base,
    async close() {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The engines to run a suite on: `[label, open]`, `open` undefined when the machine's server is
 * unreachable (requireService already printed the loud SKIP line; under CI it threw).
 */
export async function testTargets(): Promise<[string, (() => Promise<TestServer>) | undefined][]> {
  const pgUrl = await requireService('postgres');
  const mysqlUrl = await requireService('mysql');
  return [
    ['machine PostgreSQL', pgUrl ? async () => postgresServer(pgUrl, 'postgres') : undefined],
    ['machine MariaDB', mysqlUrl ? async () => mysqlServer(mysqlUrl) : undefined],
    ['embedded PostgreSQL', embeddedServer],
  ];
}

/** A fresh migrated identity database on `server`; `cleanup` closes and drops it. */
export async function openIdentityTestDb(
  server: TestServer,
): Promise<{ database: IdentityDatabase; url: string; cleanup(): Promise<void> }> {
  const created = await server.createDatabase();
  const database = createDatabase<IdentityTables>(
    { DataSource: created.url, MaxOpenConns: 6 },
    { logger: pino({ level: 'silent' }), service: 'identity-test' },
  );
  await migrateUp(database, IDENTITY_MIGRATIONS_DIR);
  return {
    database,
    url: created.url,
    async cleanup() {
      await database.close();
      await created.drop();
    },
  };
}

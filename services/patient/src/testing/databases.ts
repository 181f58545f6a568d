import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  createCache,
  createDatabase,
  migrateUp,
  startEmbeddedPostgres,
  type Cache,
  type Database,
} from '@vigil/core';
import { requireService } from '@vigil/testkit';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import pino from 'pino';
import { PATIENT_MIGRATIONS_DIR } from '../migrations.js';
import type { PatientDb } from '../model/schema.js';

/**
 * Test support (not part of the service): the engines the patient service supports — the
 * machine's PostgreSQL and MariaDB and a private embedded PostgreSQL — each handing out fresh,
 * uniquely named databases, dropped afterwards. Mirrors core's store test-databases, which is
 * not exported from @vigil/core.
 */
export interface TestServer {
  readonly name: string;
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  close(): Promise<void>;
}

const uniqueName = () => `vigil_pt_${randomBytes(5).toString('hex')}`;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A TCP port nothing listens on right now (the OS picks it). */
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

/** A PostgreSQL server reached through an existing database's URL (`…/test`). */
export function postgresTestServer(adminUrl: string, name = 'postgres'): TestServer {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
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
        url: withDatabase(adminUrl, db),
        drop: () => admin(`drop database if exists ${db} with (force)`),
      };
    },
    close: async () => undefined,
  };
}

function mysqlServer(adminUrl: string): TestServer {
  const admin = async (statement: string) => {
    const conn = await createConnection(adminUrl);
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
      return {
        url: withDatabase(adminUrl, db),
        drop: () => admin(`drop database if exists ${db}`),
      };
    },
    close: async () => undefined,
  };
}

async function embeddedServer(): Promise<TestServer> {
  // Directly under tmpdir: as root the server runs as `postgres`, which cannot enter a 0700
  // mkdtemp parent.
  const dir = path.join(os.tmpdir(), `vigil-pt-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await startEmbeddedPostgres({
    dir,
    port: await freePort(),
    logger: pino({ level: 'silent' }),
  });
  return {
    ...postgresTestServer(handle.url('postgres'), 'embedded'),
    async close() {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The engines to run a suite on: `[label, open]`, `open` undefined when the machine's server is
 * unreachable (requireService has printed the loud SKIP line; under CI it throws instead).
 */
export async function testTargets(): Promise<[string, (() => Promise<TestServer>) | undefined][]> {
  const pgUrl = await requireService('postgres');
  const mysqlUrl = await requireService('mysql');
  return [
    ['machine PostgreSQL', pgUrl ? async () => postgresTestServer(pgUrl, 'postgres') : undefined],
    ['machine MariaDB', mysqlUrl ? async () => mysqlServer(mysqlUrl) : undefined],
    ['embedded PostgreSQL', embeddedServer],
  ];
}

/** A patient database on `server` (migrated unless told otherwise) with an in-process cache. */
export async function freshPatientDatabase(
  server: TestServer,
  options: { migrate?: boolean } = {},
): Promise<{
  database: Database<PatientDb>;
  cache: Cache;
  url: string;
  close(): Promise<void>;
}> {
  const created = await server.createDatabase();
  const logger = pino({ level: 'silent' });
  const database = createDatabase<PatientDb>(
    { DataSource: created.url, MaxOpenConns: 5 },
    { logger, service: 'patient-test' },
  );
  const cache = createCache({}, { logger, service: 'patient-test' });
  if (options.migrate !== false) await migrateUp(database, PATIENT_MIGRATIONS_DIR);
  return {
    database,
    cache,
    url: created.url,
    async close() {
      await cache.close();
      await database.close();
      await created.drop();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import pino from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';

/**
 * Test support (not exported from the package): the servers the store tests run the same suite
 * against — the machine's PostgreSQL and MariaDB, and an embedded PostgreSQL private to one test
 * file — each handing out fresh, uniquely named databases that are dropped afterwards.
 */
export interface TestServer {
  readonly name: string;
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  close(): Promise<void>;
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

function uniqueName(): string {
  return `vigil_t_${randomBytes(5).toString('hex')}`;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function pgAdmin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The machine's PostgreSQL at `url` (an existing database used to create others). */
export function postgresServer(url: string, name = 'postgres'): TestServer {
  return {
    name,
    async createDatabase() {
      const db = uniqueName();
      await pgAdmin(url, `create database ${db}`);
      return {
        url: withDatabase(url, db),
        drop: () => pgAdmin(url, `drop database if exists ${db} with (force)`),
      };
    },
    close: async () => undefined,
  };
}

/** The machine's MariaDB/MySQL at `url`. */
export function mysqlServer(url: string): TestServer {
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

/** A private embedded PostgreSQL in a fresh dir under the OS temp dir, on a free port. */
export async function embeddedServer(): Promise<TestServer & { handle: EmbeddedPostgresHandle }> {
  // Directly under tmpdir: as root the server runs as `postgres`, which cannot enter a 0700
  // mkdtemp parent.
  const dir = path.join(os.tmpdir(), `vigil-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await startEmbeddedPostgres({
    dir,
    port: await freePort(),
    logger: pino({ level: 'silent' }),
  });
  const base = postgresServer(handle.url('postgres'), 'embedded');
  return {
    ...base,
    handle,
    async close() {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

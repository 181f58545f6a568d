import { Value } from '@sinclair/typebox/value';
import {
  Kysely,
  MysqlDialect,
  PostgresDialect,
  sql,
  type Dialect,
  type IsolationLevel,
  type Transaction,
} from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError } from '../errors/index.js';
import { DatabaseConfigSchema, dialectOf, type DatabaseConfig, type SqlDialect } from './config.js';
import {
  mysqlPoolProbe,
  pgPoolProbe,
  registerPoolMetrics,
  type PoolProbe,
} from './pool-metrics.js';
import { createQueryLogHook } from './query-metrics.js';

/** Settings as written in YAML: `DataSource` is required, every other key has a schema default. */
export type DatabaseConfigInput = Pick<DatabaseConfig, 'DataSource'> & Partial<DatabaseConfig>;

/** What a database needs from its service. */
export interface DatabaseOptions {
  logger: Logger;
  /** Where the query histogram goes; prom-client's default registry when absent. */
  registry?: Registry | undefined;
  /** The `service` label on metrics and the connection's application_name. */
  service: string;
}

/** A service's database: a typed Kysely instance over a pool, with metrics and slow-query logs. */
export interface Database<DB> {
  readonly db: Kysely<DB>;
  readonly dialect: SqlDialect;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(
    fn: (trx: Transaction<DB>) => Promise<T>,
    options?: { isolationLevel?: IsolationLevel },
  ): Promise<T>;
  /** Resolves when the server answers `select 1`; throws `UNAVAILABLE` otherwise (for /readyz). */
  ping(): Promise<void>;
  /** Closes the pool; waits for checked-out connections to be released. Idempotent. */
  close(): Promise<void>;
}

/** Applies schema defaults and validates, naming the first bad key (fail fast at start-up). */
function resolveConfig(input: DatabaseConfigInput): DatabaseConfig {
  const config = Value.Default(DatabaseConfigSchema, Value.Clone(input));
  const firstError = Value.Errors(DatabaseConfigSchema, config).First();
  if (firstError) {
    throw new AppError('CONFIG_INVALID', `invalid database config ${firstError.path || '/'}`, {
      details: [{ field: firstError.path, reason: firstError.message }],
    });
  }
  return config as DatabaseConfig;
}

function postgresDialect(
  config: DatabaseConfig,
  options: DatabaseOptions,
): { dialect: Dialect; probe: PoolProbe } {
  const pool = new pg.Pool({
    connectionString: config.DataSource,
    max: config.MaxOpenConns,
    idleTimeoutMillis: config.IdleTimeoutMs,
    connectionTimeoutMillis: config.ConnectTimeoutMs,
    maxLifetimeSeconds: Math.ceil(config.MaxLifetimeMs / 1000),
    application_name: options.service,
    ...(config.StatementTimeoutMs > 0 ? { statement_timeout: config.StatementTimeoutMs } : {}),
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would crash
  // the process. The next query gets a fresh connection (or the connect error) instead.
  pool.on('error', (err) => options.logger.warn({ err }, 'idle database connection failed'));
  // pg-pool listens only while a client is idle: a checked-out client (a transaction waiting on
  // the application, e.g. the outbox relay awaiting broker confirms) whose server goes away
  // would emit an unhandled 'error' and crash the process. The transaction's next statement
  // fails instead and the client is discarded on release.
  pool.on('connect', (client) => {
    client.on('error', (err) => options.logger.warn({ err }, 'database connection lost'));
  });
  return { dialect: new PostgresDialect({ pool }), probe: pgPoolProbe(pool) };
}

function mysqlDialect(config: DatabaseConfig): { dialect: Dialect; probe: PoolProbe } {
  const pool = createPool({
    uri: config.DataSource.replace(/^mariadb:/i, 'mysql:'),
    connectionLimit: config.MaxOpenConns,
    maxIdle: config.MaxOpenConns,
    idleTimeout: config.IdleTimeoutMs,
    connectTimeout: config.ConnectTimeoutMs,
    // Clinical timestamps are UTC (ICH E6 audit trail); DATETIME has no zone, so pin it.
    timezone: 'Z',
    // BIGINT/DECIMAL as strings like node-postgres does, so models behave the same on both
    // dialects and ids beyond 2^53 stay exact.
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  return {
    dialect: new MysqlDialect({ pool }),
    probe: mysqlPoolProbe(pool, config.MaxOpenConns),
  };
}

/**
 * Opens a pooled Kysely database for the dialect the `DataSource` scheme names
 * (`postgres://` or `mysql://`/`mariadb://`). Connections open lazily on the first query.
 */
export function createDatabase<DB>(
  input: DatabaseConfigInput,
  options: DatabaseOptions,
): Database<DB> {
  const config = resolveConfig(input);
  const dialect = dialectOf(config.DataSource);
  if (!dialect) {
    throw new AppError('CONFIG_INVALID', 'DataSource must be a postgres:// or mysql:// URL', {
      details: [{ field: 'DataSource', reason: 'unsupported scheme' }],
    });
  }
  const pool = dialect === 'postgres' ? postgresDialect(config, options) : mysqlDialect(config);
  const unregisterPool = registerPoolMetrics(
    options.registry,
    options.service,
    dialect,
    pool.probe,
  );
  const db = new Kysely<DB>({
    dialect: pool.dialect,
    log: createQueryLogHook({
      logger: options.logger,
      registry: options.registry,
      service: options.service,
      dialect,
      slowThresholdMs: config.SlowThresholdMs,
    }),
  });
  let closing: Promise<void> | undefined;
  return {
    db,
    dialect,
    transaction(fn, txOptions) {
      const builder = db.transaction();
      const level = txOptions?.isolationLevel;
      return (level ? builder.setIsolationLevel(level) : builder).execute(fn);
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
      } catch (err) {
        throw new AppError('UNAVAILABLE', 'The database is unavailable', { cause: err });
      }
    },
    close() {
      unregisterPool();
      closing ??= db.destroy();
      return closing;
    },
  };
}

import { Type, type Static } from '@sinclair/typebox';

/**
 * Database settings a service nests in its YAML config (`Database:`), PascalCase like go-zero's
 * sqlx config. Defaults live only here. go-zero shares one pool per DSN with 64 max open/idle
 * connections and a 1 min lifetime (core/stores/sqlx/sqlmanager.go); Node is single-threaded
 * per process, so a smaller pool of 10 is plenty and keeps PostgreSQL's per-backend memory low.
 */
export const DatabaseConfigSchema = Type.Object(
  {
    DataSource: Type.String({
      minLength: 1,
      description:
        'postgres://user:pass@host:port/db or mysql://user:pass@host:port/db (MariaDB too); ' +
        'the scheme picks the dialect',
    }),
    MaxOpenConns: Type.Integer({
      default: 10,
      minimum: 1,
      description: 'Most connections the pool opens; further queries wait for a free one',
    }),
    IdleTimeoutMs: Type.Integer({
      default: 30_000,
      minimum: 0,
      description: 'An idle pooled connection is closed after this long (0 = never)',
    }),
    ConnectTimeoutMs: Type.Integer({
      default: 5_000,
      minimum: 1,
      description: 'Opening a connection fails after this long',
    }),
    MaxLifetimeMs: Type.Integer({
      default: 0,
      minimum: 0,
      description:
        'PostgreSQL only: a connection is retired after this long, so load spreads after a ' +
        'failover (0 = never)',
    }),
    StatementTimeoutMs: Type.Integer({
      default: 0,
      minimum: 0,
      description:
        'PostgreSQL only: the server cancels a statement running longer than this (0 = no limit)',
    }),
    SlowThresholdMs: Type.Integer({
      default: 500,
      minimum: 0,
      description: 'Queries slower than this are logged at warn level (go-zero sqlx: 500 ms)',
    }),
  },
  { additionalProperties: false },
);

/** Validated database settings; see {@link DatabaseConfigSchema}. */
export type DatabaseConfig = Static<typeof DatabaseConfigSchema>;

/** The SQL dialects a DataSource URL can select. */
export type SqlDialect = 'postgres' | 'mysql';

/** The dialect a DataSource URL selects, or undefined for an unsupported scheme. */
export function dialectOf(dataSource: string): SqlDialect | undefined {
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(dataSource)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return 'postgres';
    case 'mysql':
    case 'mariadb':
      return 'mysql';
    default:
      return undefined;
  }
}

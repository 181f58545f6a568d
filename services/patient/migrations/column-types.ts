import { sql, type RawBuilder } from 'kysely';
import type { SqlDialect } from '@vigil/core';

/**
 * A UTC instant with millisecond precision: `timestamptz` on PostgreSQL, `datetime(3)` on MySQL
 * (the MySQL pool pins the session zone to UTC, so DATETIME holds UTC).
 */
export function timestampType(dialect: SqlDialect): 'timestamptz' | 'datetime(3)' {
  return dialect === 'postgres' ? 'timestamptz' : 'datetime(3)';
}

/**
 * An identifier column (`VIG-001`, `S01`, `P-S01-001`) compared byte by byte. PostgreSQL's
 * default collation and MariaDB's case-insensitive one order ids differently; keyset pagination
 * (`id > cursor order by id`) must give the same pages on both, so ids use a binary collation.
 * Every column that references an id uses the same type (MySQL requires it for foreign keys).
 */
export function idType(dialect: SqlDialect, length = 32): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql.raw(`varchar(${length}) collate "C"`)
    : sql.raw(`varchar(${length}) character set ascii collate ascii_bin`);
}

import { sql, type RawBuilder } from 'kysely';
import type { SqlDialect } from '@vigil/core';

/** A UTC instant, millisecond precision (MySQL pools pin the session zone to UTC). */
export function timestampType(dialect: SqlDialect): 'timestamptz' | 'datetime(3)' {
  return dialect === 'postgres' ? 'timestamptz' : 'datetime(3)';
}

/**
 * An identifier compared byte by byte (`P-S01-001`, reminder ids): the same collation as the
 * patient service's ids, so ids sort alike on PostgreSQL and MariaDB.
 */
export function idType(dialect: SqlDialect, length = 32): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql.raw(`varchar(${length}) collate "C"`)
    : sql.raw(`varchar(${length}) character set ascii collate ascii_bin`);
}

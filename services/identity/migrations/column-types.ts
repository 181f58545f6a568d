import type { SqlDialect } from '@vigil/core';

/**
 * A UTC instant with millisecond precision: `timestamptz` on PostgreSQL, `datetime(3)` on MySQL
 * (the MySQL pool pins the session zone to UTC, so DATETIME holds UTC).
 */
export function timestampType(dialect: SqlDialect): 'timestamptz' | 'datetime(3)' {
  return dialect === 'postgres' ? 'timestamptz' : 'datetime(3)';
}

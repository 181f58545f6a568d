import type { LogEvent } from 'kysely';
import type { Logger } from 'pino';
import { register as defaultRegistry, type Registry } from 'prom-client';
import { getOrCreateMetric, Histogram } from '../metrics/index.js';
import { tracingEnabled } from '../trace/index.js';
import type { SqlDialect } from './config.js';
import { recordQuerySpan } from './query-span.js';

const HISTOGRAM_NAME = 'vigil_db_query_duration_seconds';

/** Where query timings go: one histogram per registry, shared by every database of a process. */
export interface QueryMetricsOptions {
  logger: Logger;
  registry?: Registry | undefined;
  service: string;
  dialect: SqlDialect;
  slowThresholdMs: number;
}

type QueryHistogram = Histogram<'service' | 'dialect' | 'operation'>;

function durationHistogram(registry: Registry): QueryHistogram {
  // One histogram per registry: a process may open several databases (its own, the outbox's).
  return getOrCreateMetric(
    registry,
    HISTOGRAM_NAME,
    () =>
      new Histogram({
        name: HISTOGRAM_NAME,
        help: 'SQL query duration in seconds, by service, dialect and statement kind',
        labelNames: ['service', 'dialect', 'operation'],
        // Point reads take ~0.1-1 ms on a local server; the slow-query default is 0.5 s.
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
  );
}

const operationByKind: Partial<Record<LogEvent['query']['query']['kind'], string>> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
  MergeQueryNode: 'merge',
};

// Raw SQL (sql`...`, migrations, BEGIN/COMMIT) is labelled by its first keyword; anything else is
// 'other', so label cardinality stays bounded whatever SQL a caller writes.
const knownKeywords = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'with',
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'release',
  'create',
  'alter',
  'drop',
  'set',
  'start',
  'lock',
  'truncate',
]);

/** The statement kind used as the `operation` label: select, insert, update, ddl keyword, … */
export function operationOf(event: LogEvent): string {
  const byKind = operationByKind[event.query.query.kind];
  if (byKind) return byKind;
  const keyword = /^\s*([a-z]+)/i.exec(event.query.sql)?.[1]?.toLowerCase();
  return keyword && knownKeywords.has(keyword) ? keyword : 'other';
}

/**
 * A Kysely `log` hook: records every query's duration in the histogram and logs slow ones with
 * the SQL text only. Parameters are never logged: they carry personal data.
 */
export function createQueryLogHook(options: QueryMetricsOptions): (event: LogEvent) => void {
  const histogram = durationHistogram(options.registry ?? defaultRegistry);
  const { logger, service, dialect, slowThresholdMs } = options;
  // Children bound per operation: a query's observation is a Map lookup and a bucket increment.
  const byOperation = new Map<string, { observe(seconds: number): void }>();
  return (event) => {
    const operation = operationOf(event);
    let child = byOperation.get(operation);
    if (!child) {
      child = histogram.labels({ service, dialect, operation });
      byOperation.set(operation, child);
    }
    child.observe(event.queryDurationMillis / 1000);
    if (tracingEnabled()) recordQuerySpan(event, operation, dialect);
    const durationMs = Math.round(event.queryDurationMillis * 10) / 10;
    if (event.level === 'error') {
      // The caller gets the error itself; this line ties it to the statement for operators.
      logger.debug({ dialect, operation, durationMs, sql: event.query.sql }, 'query failed');
    } else if (event.queryDurationMillis >= slowThresholdMs) {
      logger.warn({ dialect, operation, durationMs, sql: event.query.sql }, 'slow query');
    }
  };
}

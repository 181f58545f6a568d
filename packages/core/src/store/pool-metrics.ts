import { Gauge, register as defaultRegistry, type Registry } from 'prom-client';
import { getOrCreateMetric } from '../metrics/index.js';
import type { SqlDialect } from './config.js';

/** What a pool reports about itself, read at scrape time. */
export interface PoolProbe {
  /** Connections open (idle + checked out). */
  open(): number;
  idle(): number;
  /** Queries waiting for a connection: the pool is saturated while this is above 0. */
  waiting(): number;
  /** MaxOpenConns. */
  max(): number;
}

interface Entry {
  service: string;
  dialect: SqlDialect;
  probe: PoolProbe;
}

const pools = new WeakMap<Registry, Set<Entry>>();

/**
 * Publishes a pool's gauges on `registry` (read when Prometheus scrapes, so a query pays nothing);
 * pools of one service and dialect are summed. Returns the function that removes the pool.
 */
export function registerPoolMetrics(
  registry: Registry | undefined,
  service: string,
  dialect: SqlDialect,
  probe: PoolProbe,
): () => void {
  const target = registry ?? defaultRegistry;
  let entries = pools.get(target);
  if (!entries) {
    const set = new Set<Entry>();
    entries = set;
    pools.set(target, set);
    // Read at scrape time; pools of one service and dialect add up.
    const collect = (read: keyof PoolProbe) =>
      function (this: Gauge<'service' | 'dialect'>) {
        this.reset();
        for (const e of set) this.inc({ service: e.service, dialect: e.dialect }, e.probe[read]());
      };
    const registers = [target];
    getOrCreateMetric(
      target,
      'vigil_db_pool_open_connections',
      () =>
        new Gauge({
          name: 'vigil_db_pool_open_connections',
          help: 'Connections open in the pool (idle + in use)',
          labelNames: ['service', 'dialect'],
          registers,
          collect: collect('open'),
        }),
    );
    getOrCreateMetric(
      target,
      'vigil_db_pool_idle_connections',
      () =>
        new Gauge({
          name: 'vigil_db_pool_idle_connections',
          help: 'Idle connections in the pool',
          labelNames: ['service', 'dialect'],
          registers,
          collect: collect('idle'),
        }),
    );
    getOrCreateMetric(
      target,
      'vigil_db_pool_waiting_requests',
      () =>
        new Gauge({
          name: 'vigil_db_pool_waiting_requests',
          help: 'Queries waiting for a free connection (the pool is saturated while above 0)',
          labelNames: ['service', 'dialect'],
          registers,
          collect: collect('waiting'),
        }),
    );
    getOrCreateMetric(
      target,
      'vigil_db_pool_max_connections',
      () =>
        new Gauge({
          name: 'vigil_db_pool_max_connections',
          help: 'Pool size limit (MaxOpenConns)',
          labelNames: ['service', 'dialect'],
          registers,
          collect: collect('max'),
        }),
    );
  }
  const entry: Entry = { service, dialect, probe };
  entries.add(entry);
  return () => entries.delete(entry);
}

/** node-postgres' Pool counters. */
export function pgPoolProbe(pool: {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}): PoolProbe {
  return {
    open: () => pool.totalCount,
    idle: () => pool.idleCount,
    waiting: () => pool.waitingCount,
    max: () => pool.options.max ?? 10,
  };
}

interface Sized {
  length: number;
}

/**
 * mysql2's Pool counters. mysql2 has no public accessors, so its internal queues are read when
 * present (mysql2 3.x); a version without them reports 0 rather than failing a scrape.
 */
export function mysqlPoolProbe(pool: object, max: number): PoolProbe {
  const internal = pool as {
    _allConnections?: Sized;
    _freeConnections?: Sized;
    _connectionQueue?: Sized;
  };
  return {
    open: () => internal._allConnections?.length ?? 0,
    idle: () => internal._freeConnections?.length ?? 0,
    waiting: () => internal._connectionQueue?.length ?? 0,
    max: () => max,
  };
}

import { Counter, type Registry } from 'prom-client';
import { ChildCache, getOrCreateMetric, Histogram, type HistogramChild } from '../metrics/index.js';

/** The REST server's Prometheus metrics (names documented in docs/metrics.md). */
export interface HttpMetrics {
  duration: Histogram<'method' | 'route' | 'status'>;
  shed: Counter;
  rateLimited: Counter;
  timeouts: Counter<'route'>;
  /** Records one request; label children are cached per route, method and status. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** Bounded: method × route template × status, so a few hundred entries at most. */
const MAX_CHILDREN = 5000;

/** Seconds buckets from 1 ms to 10 s: covers a cache hit and a slow report request alike. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const children = new ChildCache<string, string, number, HistogramChild>(MAX_CHILDREN);
  const metrics: Omit<HttpMetrics, 'observe'> = {
    duration: getOrCreateMetric(
      registry,
      'vigil_http_server_duration_seconds',
      () =>
        new Histogram({
          name: 'vigil_http_server_duration_seconds',
          help: 'HTTP request duration by method, route template and status',
          labelNames: ['method', 'route', 'status'],
          buckets: BUCKETS,
          registers: [registry],
        }),
    ),
    shed: getOrCreateMetric(
      registry,
      'vigil_http_shed_total',
      () =>
        new Counter({
          name: 'vigil_http_shed_total',
          help: 'Requests rejected by adaptive load shedding or MaxConns (503 OVERLOADED)',
          registers: [registry],
        }),
    ),
    rateLimited: getOrCreateMetric(
      registry,
      'vigil_http_rate_limited_total',
      () =>
        new Counter({
          name: 'vigil_http_rate_limited_total',
          help: 'Requests rejected by the rate limiter (429 RATE_LIMITED)',
          registers: [registry],
        }),
    ),
    timeouts: getOrCreateMetric(
      registry,
      'vigil_http_timeouts_total',
      () =>
        new Counter({
          name: 'vigil_http_timeouts_total',
          help: 'Requests that exceeded their timeout (504 TIMEOUT)',
          labelNames: ['route'],
          registers: [registry],
        }),
    ),
  };
  return {
    ...metrics,
    observe(method, route, status, seconds) {
      let child = children.get(route, method, status);
      if (!child) {
        child = metrics.duration.labels(method, route, String(status));
        children.set(route, method, status, child);
      }
      child.observe(seconds);
    },
  };
}

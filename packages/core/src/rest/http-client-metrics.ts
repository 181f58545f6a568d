import type { Registry } from 'prom-client';
import { ChildCache, getOrCreateMetric, Histogram, type HistogramChild } from '../metrics/index.js';

/** RED metrics of outgoing HTTP calls (the gateway's proxy; names documented in docs/metrics.md). */
export interface HttpClientMetrics {
  /**
   * Records one call. `status` is the upstream's HTTP status, or `timeout` / `unavailable` when
   * no response came; `upstream` is a configured name, never a URL, so cardinality stays bounded.
   */
  observe(upstream: string, method: string, status: string, seconds: number): void;
}

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `vigil_http_client_duration_seconds{upstream,method,status}` on `registry`. */
export function createHttpClientMetrics(registry: Registry): HttpClientMetrics {
  const duration = getOrCreateMetric(
    registry,
    'vigil_http_client_duration_seconds',
    () =>
      new Histogram({
        name: 'vigil_http_client_duration_seconds',
        help: 'Outgoing HTTP call duration by upstream, method and status (or timeout/unavailable)',
        labelNames: ['upstream', 'method', 'status'],
        buckets: BUCKETS,
        registers: [registry],
      }),
  );
  const children = new ChildCache<string, string, string, HistogramChild>();
  return {
    observe(upstream, method, status, seconds) {
      let child = children.get(upstream, method, status);
      if (!child) {
        child = duration.labels(upstream, method, status);
        children.set(upstream, method, status, child);
      }
      child.observe(seconds);
    },
  };
}

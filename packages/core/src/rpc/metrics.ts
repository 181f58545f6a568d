import { Counter, Gauge, type Registry } from 'prom-client';
import { getOrCreateMetric, Histogram, type HistogramChild } from '../metrics/index.js';

// Seconds. go-zero's zrpc histograms use 5 ms … 1 s; 2.5 s and 5 s are added because the default
// Timeout is 2 s and a call timing out should land in a bucket of its own.
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Metrics of one server method, resolved once so a call only does a Map lookup. */
export interface MethodMetrics {
  /** Records a finished call; `code` is the gRPC status name. */
  observe(code: string, seconds: number): void;
  /** Counts a call dropped by the load shedder. */
  shed(): void;
}

/** Metrics of one (target, method) of a client. */
export interface RouteMetrics {
  observe(code: string, seconds: number): void;
  /** Records a breaker decision: `dropped` true when the breaker rejected the call. */
  breaker(dropped: boolean): void;
}

const nopMethod: MethodMetrics = { observe() {}, shed() {} };
const nopRoute: RouteMetrics = { observe() {}, breaker() {} };

/**
 * One child per status code, so a metric update is a Map lookup and a bucket increment.
 */
function childPerCode(
  histogram: Histogram<string>,
  labels: Record<string, string>,
): (code: string, seconds: number) => void {
  const children = new Map<string, HistogramChild>();
  return (code, seconds) => {
    let child = children.get(code);
    if (!child) {
      child = histogram.labels({ ...labels, code });
      children.set(code, child);
    }
    child.observe(seconds);
  };
}

/**
 * Server metrics `vigil_rpc_server_duration_seconds{service,method,code}` and
 * `vigil_rpc_shed_total{service,method}`; no-ops without a registry.
 */
export function createRpcServerMetrics(
  registry: Registry | undefined,
  service: string,
): (method: string) => MethodMetrics {
  if (!registry) return () => nopMethod;
  const duration = getOrCreateMetric(
    registry,
    'vigil_rpc_server_duration_seconds',
    () =>
      new Histogram({
        name: 'vigil_rpc_server_duration_seconds',
        help: 'Duration of gRPC calls handled, by method and gRPC status',
        labelNames: ['service', 'method', 'code'],
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
  );
  const shed = getOrCreateMetric(
    registry,
    'vigil_rpc_shed_total',
    () =>
      new Counter({
        name: 'vigil_rpc_shed_total',
        help: 'gRPC calls dropped by adaptive load shedding',
        labelNames: ['service', 'method'],
        registers: [registry],
      }),
  );
  return (method) => ({
    observe: childPerCode(duration, { service, method }),
    shed: () => shed.inc({ service, method }),
  });
}

/**
 * Client metrics `vigil_rpc_client_duration_seconds{service,target,method,code}`,
 * `vigil_rpc_breaker_drops_total` and `vigil_rpc_breaker_state` (1 while the breaker of a
 * target+method is rejecting calls, 0 once it lets one through); no-ops without a registry.
 */
export function createRpcClientMetrics(
  registry: Registry | undefined,
  service: string,
): (target: string, method: string) => RouteMetrics {
  if (!registry) return () => nopRoute;
  const duration = getOrCreateMetric(
    registry,
    'vigil_rpc_client_duration_seconds',
    () =>
      new Histogram({
        name: 'vigil_rpc_client_duration_seconds',
        help: 'Duration of outgoing gRPC calls, by target, method and gRPC status',
        labelNames: ['service', 'target', 'method', 'code'],
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
  );
  const drops = getOrCreateMetric(
    registry,
    'vigil_rpc_breaker_drops_total',
    () =>
      new Counter({
        name: 'vigil_rpc_breaker_drops_total',
        help: 'Outgoing gRPC calls rejected locally by an open circuit breaker',
        labelNames: ['service', 'target', 'method'],
        registers: [registry],
      }),
  );
  const state = getOrCreateMetric(
    registry,
    'vigil_rpc_breaker_state',
    () =>
      new Gauge({
        name: 'vigil_rpc_breaker_state',
        help: '1 while the circuit breaker of a target and method is rejecting calls, else 0',
        labelNames: ['service', 'target', 'method'],
        registers: [registry],
      }),
  );
  return (target, method) => {
    const labels = { service, target, method };
    // The gauge is written only when the state flips, not on every call.
    let open = false;
    return {
      observe: childPerCode(duration, labels),
      breaker(dropped) {
        if (dropped) drops.inc(labels);
        if (open !== dropped) {
          open = dropped;
          state.set(labels, dropped ? 1 : 0);
        }
      },
    };
  };
}

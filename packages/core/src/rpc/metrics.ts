import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { getOrCreateMetric } from '../metrics/index.js';

// Seconds. go-zero's zrpc histograms use 5 ms … 1 s; 2.5 s and 5 s are added because the default
// Timeout is 2 s and a call timing out should land in a bucket of its own.
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Observe = (seconds: number) => void;

/** Server-side metrics of one server (no-ops without a registry). */
export interface RpcServerMetrics {
  /** Records a finished call; `code` is the gRPC status name. */
  observe(method: string, code: string, seconds: number): void;
  /** Counts a call dropped by the load shedder. */
  shed(method: string): void;
}

/** Client-side metrics of one client (no-ops without a registry). */
export interface RpcClientMetrics {
  observe(target: string, method: string, code: string, seconds: number): void;
  /** Records a breaker decision: `dropped` true when the breaker rejected the call. */
  breaker(target: string, method: string, dropped: boolean): void;
}

/** Metrics `vigil_rpc_server_duration_seconds{service,method,code}` and `vigil_rpc_shed_total`. */
export function createRpcServerMetrics(
  registry: Registry | undefined,
  service: string,
): RpcServerMetrics {
  if (!registry) return { observe() {}, shed() {} };
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
  // prom-client hashes the label set on every labels() call; caching the child per (method, code)
  // keeps a metric update at a Map lookup on the hot path.
  const children = new Map<string, Observe>();
  return {
    observe(method, code, seconds) {
      const key = `${method} ${code}`;
      let child = children.get(key);
      if (!child) {
        const h = duration.labels({ service, method, code });
        child = (s) => h.observe(s);
        children.set(key, child);
      }
      child(seconds);
    },
    shed(method) {
      shed.inc({ service, method });
    },
  };
}

/**
 * Metrics `vigil_rpc_client_duration_seconds{service,target,method,code}`,
 * `vigil_rpc_breaker_drops_total` and `vigil_rpc_breaker_state` (1 while the breaker of a
 * target+method is rejecting calls, 0 once it lets one through).
 */
export function createRpcClientMetrics(
  registry: Registry | undefined,
  service: string,
): RpcClientMetrics {
  if (!registry) return { observe() {}, breaker() {} };
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
  const children = new Map<string, Observe>();
  // Last state written per breaker, so the gauge is only touched when it changes.
  const open = new Map<string, boolean>();
  return {
    observe(target, method, code, seconds) {
      const key = `${target} ${method} ${code}`;
      let child = children.get(key);
      if (!child) {
        const h = duration.labels({ service, target, method, code });
        child = (s) => h.observe(s);
        children.set(key, child);
      }
      child(seconds);
    },
    breaker(target, method, dropped) {
      const key = `${target} ${method}`;
      if (dropped) drops.inc({ service, target, method });
      if ((open.get(key) ?? false) !== dropped) {
        open.set(key, dropped);
        state.set({ service, target, method }, dropped ? 1 : 0);
      }
    },
  };
}

import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { collectDefaultMetrics, Gauge, register as processRegistry, Registry } from 'prom-client';

/**
 * `vigil_process_event_loop_utilization`: share of wall time the event loop was busy since the
 * previous scrape (0..1), the Node counterpart of go-zero's CPU usage. prom-client's defaults
 * give the loop's lag, not how busy it is.
 */
function registerEventLoopUtilization(registry: Registry): void {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  new Gauge({
    name: 'vigil_process_event_loop_utilization',
    help: 'Share of time the event loop was busy since the previous scrape (0..1)',
    registers: [registry],
    collect() {
      const now = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(now, last).utilization);
      last = now;
    },
  });
}

/**
 * A Prometheus registry for one service process: default Node metrics (event-loop lag and
 * utilization, heap, GC, CPU) plus whatever the runtime modules register. `service` is a default
 * label so one Prometheus job can scrape every Vigil service with consistent names.
 */
export function createMetricsRegistry(
  service: string,
  options: { defaults?: boolean } = {},
): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaults ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });
    registerEventLoopUtilization(registry);
  }
  return registry;
}

/**
 * Returns the metric named `name` from `registry`, creating it with `create` the first time. Lets
 * several servers/clients in one process share a registry without double registration errors.
 */
export function getOrCreateMetric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

type Metric = ReturnType<Registry['getMetricsAsArray']>[number];
/** prom-client's per-metric formatter (lib/registry.js); it applies the registry's default labels. */
type Formatter = { getMetricsAsString(metric: Metric): Promise<string> };

/**
 * The Prometheus text a service's `/metrics` serves: its own registry, plus every metric that
 * process-wide modules registered on prom-client's default registry (databases, caches and queues
 * opened without an explicit registry), printed with the service's default labels. Like go-zero,
 * where everything goes to one process registry, nothing a service records is left unexposed; a
 * name present in both is taken from the service's registry.
 */
export async function metricsText(registry: Registry, shared: Registry = processRegistry) {
  const own = await registry.metrics();
  if (shared === registry) return own;
  const extra = shared.getMetricsAsArray().filter((m) => !registry.getSingleMetric(m.name));
  if (extra.length === 0) return own;
  const formatter = registry as unknown as Formatter;
  const parts = await Promise.all(extra.map((m) => formatter.getMetricsAsString(m)));
  return `${own}${own.endsWith('\n') ? '' : '\n'}\n${parts.join('\n\n')}\n`;
}

export { Registry };

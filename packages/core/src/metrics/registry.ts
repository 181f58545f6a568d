import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry for one service process: default Node metrics (event-loop lag, heap, GC,
 * CPU) plus whatever the runtime modules register. `service` is a default label so one Prometheus
 * job can scrape every Vigil service with consistent names.
 */
export function createMetricsRegistry(
  service: string,
  options: { defaults?: boolean } = {},
): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaults ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });
  return registry;
}

/**
 * Returns the metric named `name` from `registry`, creating it with `create` the first time. Lets
 * several servers/clients in one process share a registry without double registration errors.
 */
export function getOrCreateMetric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export { Registry };

import { Gauge, type Registry } from 'prom-client';
import { getOrCreateMetric } from '../../metrics/index.js';
import type { Shedder, ShedderStats } from './shedder.js';

interface Entry {
  service: string;
  server: 'http' | 'rpc';
  shedder: Shedder;
}

const GAUGES: [string, string, (s: ShedderStats) => number][] = [
  [
    'vigil_shedder_load_permille',
    'Load the adaptive shedder sees (event-loop utilization EMA, 0..1000; sheds from CpuThreshold)',
    (s) => s.load,
  ],
  ['vigil_shedder_inflight', 'Requests admitted and not yet finished', (s) => s.flying],
  [
    'vigil_shedder_max_inflight',
    'Concurrency the shedder estimates the process sustains (maxPass × minRt × overload factor)',
    (s) => s.maxFlight,
  ],
  [
    'vigil_shedder_dropping',
    '1 while the shedder is within the cool-off after a drop (shedding), else 0',
    (s) => (s.hot ? 1 : 0),
  ],
];

const byRegistry = new WeakMap<Registry, Set<Entry>>();

/**
 * Publishes a shedder's state on `registry`, read from `stats()` when Prometheus scrapes (so an
 * admission decision pays nothing). `server` tells the HTTP server's shedder from the gRPC one.
 */
export function registerShedderMetrics(
  registry: Registry,
  service: string,
  server: 'http' | 'rpc',
  shedder: Shedder,
): void {
  let entries = byRegistry.get(registry);
  if (!entries) {
    const set = new Set<Entry>();
    entries = set;
    byRegistry.set(registry, set);
    for (const [name, help, read] of GAUGES) {
      getOrCreateMetric(
        registry,
        name,
        () =>
          new Gauge({
            name,
            help,
            labelNames: ['service', 'server'],
            registers: [registry],
            collect() {
              this.reset();
              for (const e of set)
                this.set({ service: e.service, server: e.server }, read(e.shedder.stats()));
            },
          }),
      );
    }
  }
  entries.add({ service, server, shedder });
}

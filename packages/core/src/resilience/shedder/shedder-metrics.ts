import { Gauge, type Registry } from 'prom-client';
import { getOrCreateMetric } from '../../metrics/index.js';
import type { Shedder, ShedderStats } from './shedder.js';

interface Entry {
  service: string;
  server: 'http' | 'rpc';
  shedder: Shedder;
}

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
    const collect = (read: (s: ShedderStats) => number) =>
      function (this: Gauge<'service' | 'server'>) {
        this.reset();
        for (const e of set)
          this.set({ service: e.service, server: e.server }, read(e.shedder.stats()));
      };
    const registers = [registry];
    getOrCreateMetric(
      registry,
      'vigil_shedder_load_permille',
      () =>
        new Gauge({
          name: 'vigil_shedder_load_permille',
          help: 'Load the adaptive shedder sees (event-loop utilization EMA, 0..1000; sheds from CpuThreshold)',
          labelNames: ['service', 'server'],
          registers,
          collect: collect((s) => s.load),
        }),
    );
    getOrCreateMetric(
      registry,
      'vigil_shedder_inflight',
      () =>
        new Gauge({
          name: 'vigil_shedder_inflight',
          help: 'Requests admitted by the shedder and not yet finished',
          labelNames: ['service', 'server'],
          registers,
          collect: collect((s) => s.flying),
        }),
    );
    getOrCreateMetric(
      registry,
      'vigil_shedder_max_inflight',
      () =>
        new Gauge({
          name: 'vigil_shedder_max_inflight',
          help: 'Concurrency the shedder estimates the process sustains (maxPass x minRt x overload factor)',
          labelNames: ['service', 'server'],
          registers,
          collect: collect((s) => s.maxFlight),
        }),
    );
    getOrCreateMetric(
      registry,
      'vigil_shedder_dropping',
      () =>
        new Gauge({
          name: 'vigil_shedder_dropping',
          help: '1 while the shedder is within the cool-off after a drop (shedding), else 0',
          labelNames: ['service', 'server'],
          registers,
          collect: collect((s) => (s.hot ? 1 : 0)),
        }),
    );
  }
  entries.add({ service, server, shedder });
}

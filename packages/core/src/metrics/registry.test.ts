import { parsePrometheusText } from '@vigil/testkit';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createAdaptiveShedder } from '../resilience/index.js';
import { createRestServer } from '../rest/index.js';
import { memoryLogger, testConfig } from '../rest/testdata/test-config.js';
import { createMetricsRegistry, metricsText } from './index.js';

describe('service metrics registry', () => {
  it('carries process defaults and event-loop utilization, in strict Prometheus text', async () => {
    const registry = createMetricsRegistry('svc');
    const families = parsePrometheusText(await registry.metrics());
    const elu = families.get('vigil_process_event_loop_utilization');
    expect(elu?.type).toBe('gauge');
    expect(elu?.samples[0]?.labels).toEqual({ service: 'svc' });
    expect(elu?.samples[0]?.value).toBeGreaterThanOrEqual(0);
    expect(elu?.samples[0]?.value).toBeLessThanOrEqual(1);
    expect(families.has('vigil_process_nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('adds what process-wide modules registered, under the service label, once per name', async () => {
    const registry = createMetricsRegistry('svc', { defaults: false });
    const shared = new Registry();
    new Counter({ name: 'shared_total', help: 'h', labelNames: ['queue'], registers: [shared] })
      .labels('q1')
      .inc(2);
    new Counter({ name: 'both_total', help: 'shared copy', registers: [shared] }).inc(5);
    new Counter({ name: 'both_total', help: 'own copy', registers: [registry] }).inc(1);
    const families = parsePrometheusText(await metricsText(registry, shared));
    expect(families.get('shared_total')?.samples).toEqual([
      { name: 'shared_total', labels: { queue: 'q1', service: 'svc' }, value: 2 },
    ]);
    expect(families.get('both_total')?.help).toBe('own copy');
  });

  it("exposes the HTTP shedder's state on /metrics", async () => {
    const server = createRestServer(testConfig(), {
      logger: memoryLogger().logger,
      shedder: createAdaptiveShedder({ cpuThreshold: 900 }),
    });
    const base = await server.start();
    try {
      const families = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
      for (const name of ['load_permille', 'inflight', 'max_inflight', 'dropping']) {
        expect(families.get(`vigil_shedder_${name}`)?.samples[0]?.labels).toEqual({
          service: 'test-svc',
          server: 'http',
        });
      }
      expect(families.get('vigil_shedder_dropping')?.samples[0]?.value).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

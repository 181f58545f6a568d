import type { RestServer } from '@vigil/core';
import type { Upstream } from './config.js';

/**
 * `/api/v1/health`: the aggregated health of every upstream (each one's `/readyz`), for people
 * and dashboards. The gateway's own `/healthz` stays a pure liveness probe, so a down backend
 * never gets the edge restarted by its orchestrator.
 */
export function registerAggregatedHealth(server: RestServer, upstreams: Upstream[]): void {
  server.app.get('/api/v1/health', { config: { system: true } }, async (_request, reply) => {
    const services: Record<string, { status: string; ms: number }> = {};
    await Promise.all(
      upstreams.map(async (u) => {
        const started = Date.now();
        let status: string;
        try {
          const res = await fetch(`${u.Url}/readyz`, { signal: AbortSignal.timeout(2000) });
          status = res.ok ? 'ok' : 'unready';
        } catch {
          status = 'down';
        }
        services[u.Name] = { status, ms: Date.now() - started };
      }),
    );
    const healthy = Object.values(services).every((s) => s.status === 'ok');
    void reply.code(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'degraded', services };
  });
}

import type { RestServer } from '@vigil/core';
import type { Upstream } from './config.js';

/** One upstream's answer to `/readyz`: `ok`, `unready` (it answered 503) or `down`. */
interface UpstreamHealth {
  status: 'ok' | 'unready' | 'down';
  ms: number;
}

/** How long `/api/v1/health` waits for each upstream. */
const HEALTH_TIMEOUT_MS = 2000;
/**
 * How long `/healthz` waits: it must stay well inside an orchestrator's liveness timeout
 * (Kubernetes: 1 s by default), so a hanging backend shows as `down` instead of failing the probe.
 */
const LIVENESS_TIMEOUT_MS = 500;

/** Asks every upstream's `/readyz` at once. */
async function probeUpstreams(
  upstreams: readonly Upstream[],
  timeoutMs: number,
): Promise<{ healthy: boolean; services: Record<string, UpstreamHealth> }> {
  const services: Record<string, UpstreamHealth> = {};
  await Promise.all(
    upstreams.map(async (u) => {
      const started = Date.now();
      let status: UpstreamHealth['status'];
      try {
        const res = await fetch(`${u.Url}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
        status = res.ok ? 'ok' : 'unready';
      } catch {
        status = 'down';
      }
      services[u.Name] = { status, ms: Date.now() - started };
    }),
  );
  return { healthy: Object.values(services).every((s) => s.status === 'ok'), services };
}

/**
 * The aggregated health of every upstream (each one's `/readyz`), in two places:
 * - `/api/v1/health`, for people, dashboards and load balancers: 503 `degraded` when any
 *   upstream is not ready.
 * - `/healthz`, the gateway's liveness probe: the same per-service view in its body, but always
 *   200 while the gateway lives, so a down backend never gets the edge restarted by its
 *   orchestrator.
 */
export function registerAggregatedHealth(server: RestServer, upstreams: Upstream[]): void {
  server.app.get('/api/v1/health', { config: { system: true } }, async (_request, reply) => {
    const { healthy, services } = await probeUpstreams(upstreams, HEALTH_TIMEOUT_MS);
    void reply.code(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'degraded', services };
  });
  server.setLivenessDetails(async () => {
    const { healthy, services } = await probeUpstreams(upstreams, LIVENESS_TIMEOUT_MS);
    return { upstreams: { status: healthy ? 'ok' : 'degraded', services } };
  });
}

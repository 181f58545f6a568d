import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { metricsText } from '../metrics/index.js';

/** A readiness check: resolves when a dependency is usable, rejects (or times out) when not. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Extra fields for the `/healthz` body (e.g. the gateway's view of its upstreams). They inform;
 * they never change the probe's status, which only says the process is alive.
 */
export type LivenessDetails = () => Promise<Record<string, unknown>>;

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Registers `/healthz` (the process is alive), `/readyz` (every readiness check passes and the
 * server is not draining) and the Prometheus endpoint. They are marked `system` so load
 * shedding, rate limits and access logs leave them alone: an overloaded service must still
 * answer its liveness probe.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  options: {
    service: string;
    registry: Registry;
    metricsPath: string | undefined;
    checks: Map<string, ReadinessCheck>;
    isDraining: () => boolean;
    /** Read per probe, so a service can set it after the routes are registered. */
    livenessDetails: () => LivenessDetails | undefined;
  },
): void {
  const config = { system: true };
  app.get('/healthz', { config }, async () => {
    const details = options.livenessDetails();
    return { status: 'ok', service: options.service, ...(details ? await details() : {}) };
  });
  app.get('/readyz', { config }, async (_request, reply) => {
    const results: Record<string, string> = {};
    let ready = !options.isDraining();
    await Promise.all(
      [...options.checks].map(async ([name, check]) => {
        const failure = await runCheck(check);
        results[name] = failure ?? 'ok';
        if (failure) ready = false;
      }),
    );
    void reply.code(ready ? 200 : 503);
    return {
      status: ready ? 'ready' : options.isDraining() ? 'draining' : 'unready',
      service: options.service,
      checks: results,
    };
  });
  if (options.metricsPath) {
    app.get(options.metricsPath, { config }, async (_request, reply) => {
      void reply.type(options.registry.contentType);
      return metricsText(options.registry);
    });
  }
}

import {
  createHttpClientMetrics,
  createRestServer,
  type RestServer,
  type RestServerOptions,
} from '@vigil/core';
import type { Config } from './config.js';
import { registerDocs } from './docs.js';
import { registerAggregatedHealth } from './health.js';
import { registerUpstream } from './proxy.js';

/** What the gateway needs besides its config; main.ts builds them. */
export type GatewayOptions = Pick<RestServerOptions, 'logger' | 'limiter'>;

/**
 * The edge server, not yet listening: `/api/v1/<name>/*` proxied to each upstream, the aggregated
 * `/api/v1/health`, the `/docs` reference, and the core server's own `/healthz` (liveness only),
 * `/readyz` and `/metrics`.
 */
export async function createGateway(config: Config, options: GatewayOptions): Promise<RestServer> {
  const server = createRestServer(config, options);
  const upstreamMetrics = createHttpClientMetrics(server.registry);
  for (const upstream of config.Upstreams)
    await registerUpstream(server, upstream, upstreamMetrics, { maxBytes: config.MaxBytes });
  registerAggregatedHealth(server, config.Upstreams);
  await registerDocs(server, config.Upstreams);
  return server;
}

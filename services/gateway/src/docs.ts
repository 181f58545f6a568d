import apiReference from '@scalar/fastify-api-reference';
import type { RestServer } from '@vigil/core';
import type { Upstream } from './config.js';
import { mergeDocuments } from './docs-merge.js';
import { fetchServiceDocument, unavailableDocument } from './docs-source.js';

/** Where the interactive reference lives; `/docs` redirects to `/docs/`. */
export const DOCS_PREFIX = '/docs';

/** The document the reference page loads for one service: `/docs/<name>/openapi.json`. */
export function docsSourcePath(name: string): string {
  return `${DOCS_PREFIX}/${name}/openapi.json`;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `/docs`: an interactive reference (Scalar, its script served by the gateway itself, no CDN) with
 * one entry per upstream and one for all of them.
 *
 * Each entry loads `/docs/<name>/openapi.json`, which the gateway reads from the service's own
 * `/api/v1/<name>/openapi.json` on every request (so a redeployed service shows its new contract).
 * When that fails the entry gets a stand-in document titled "<name> (unavailable)" with the
 * reason, so the page says which service is missing and why (Scalar takes only a 2xx answer as a
 * document and has nothing to show for an error). `/docs/openapi.json` merges the services that
 * answered.
 */
export async function registerDocs(server: RestServer, upstreams: Upstream[]): Promise<void> {
  for (const upstream of upstreams) {
    server.app.get(docsSourcePath(upstream.Name), async (_request, reply) => {
      const result = await fetchServiceDocument(upstream);
      if (!result.available) {
        server.logger.warn({ upstream: upstream.Name, reason: result.reason }, 'no API document');
      }
      const doc = result.available
        ? result.document
        : unavailableDocument(result.name, result.reason);
      // Documents change with deployments; the page must not keep a stale or stand-in copy.
      return reply.type(JSON_TYPE).header('cache-control', 'no-store').send(doc);
    });
  }
  server.app.get(`${DOCS_PREFIX}/openapi.json`, async (_request, reply) => {
    const results = await Promise.all(upstreams.map((u) => fetchServiceDocument(u)));
    return reply.type(JSON_TYPE).header('cache-control', 'no-store').send(mergeDocuments(results));
  });
  await server.app.register(apiReference, {
    routePrefix: DOCS_PREFIX,
    configuration: {
      pageTitle: 'Vigil API reference',
      sources: [
        ...upstreams.map((u) => ({ title: u.Name, slug: u.Name, url: docsSourcePath(u.Name) })),
        { title: 'All services', slug: 'all', url: `${DOCS_PREFIX}/openapi.json` },
      ],
      // Nothing from the internet: no font CDN, no telemetry (the machines may have no route out).
      withDefaultFonts: false,
      telemetry: false,
    },
  });
}

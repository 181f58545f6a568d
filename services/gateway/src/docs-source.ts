import type { Upstream } from './config.js';

/** An OpenAPI document as JSON; only `openapi`, `info`, `paths` and `components` are read. */
export type OpenApiDocument = Record<string, unknown>;

/** What reading one upstream's document gave: the document, or why there is none. */
export type ServiceDocument =
  | { name: string; available: true; document: OpenApiDocument }
  | { name: string; available: false; reason: string };

/** How long `/docs` waits for one upstream's document, ms (like the aggregated health probe). */
export const DOCS_TIMEOUT_MS = 2000;

/** The path every generated service serves its contract's document at (vigilctl server.gen.ts). */
export function documentPath(name: string): string {
  return `/api/v1/${name}/openapi.json`;
}

/**
 * Reads `/api/v1/<name>/openapi.json` from the upstream, the same URL the gateway's proxy forwards
 * that path to. Never throws: a down, slow or document-less upstream (a worker such as followup has
 * no API) is reported with the reason, so the docs page can say so instead of breaking.
 */
export async function fetchServiceDocument(
  upstream: Upstream,
  timeoutMs = DOCS_TIMEOUT_MS,
): Promise<ServiceDocument> {
  const name = upstream.Name;
  const ms = Math.min(timeoutMs, upstream.TimeoutMs);
  try {
    const res = await fetch(`${upstream.Url}${documentPath(name)}`, {
      signal: AbortSignal.timeout(ms),
      headers: { accept: 'application/json' },
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return { name, available: false, reason: 'it serves no API document' };
    }
    if (!res.ok) {
      await res.body?.cancel();
      return { name, available: false, reason: `it answered HTTP ${res.status}` };
    }
    const document: unknown = await res.json();
    if (!isDocument(document)) {
      return { name, available: false, reason: 'its answer is not an OpenAPI document' };
    }
    return { name, available: true, document };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    return {
      name,
      available: false,
      reason: timedOut ? `it did not answer within ${ms} ms` : 'it is not reachable',
    };
  }
}

function isDocument(value: unknown): value is OpenApiDocument {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { openapi?: unknown }).openapi === 'string'
  );
}

/**
 * A valid, empty OpenAPI 3.1 document standing in for a service whose own could not be read, so
 * the reference page shows the service as unavailable (and why) rather than an error.
 */
export function unavailableDocument(name: string, reason: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: `${name} (unavailable)`,
      version: '0',
      description:
        `The gateway could not read the ${name} service's API document ` +
        `(\`${documentPath(name)}\`): ${reason}. Reload the page once the service is up.`,
    },
    paths: {},
  };
}

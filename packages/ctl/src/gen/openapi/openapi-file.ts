// src/openapi.gen.ts: the contract's OpenAPI 3.1 document compiled into the service, so a running
// service can describe itself (the gateway's /docs reads it through its /api/v1/<name>/* proxy)
// without the .api file or vigilctl at run time. goctl writes a swagger file beside the code
// instead; serving it from the process keeps the document and the routes from drifting apart.
import { GENERATED_HEADER } from '../write-files.js';
import type { JsonSchema } from './json-schema.js';

/**
 * Where a service serves its document: under its own `/api/v1/<name>` prefix, the one the gateway
 * already proxies, rather than at the root where the gateway cannot reach it.
 */
export function openApiPath(service: string): string {
  return `/api/v1/${service}/openapi.json`;
}

/** The content of `src/openapi.gen.ts` for `doc`, served at {@link openApiPath}. */
export function openApiFile(service: string, doc: JsonSchema): string {
  return [
    GENERATED_HEADER,
    '',
    `/** Where the ${service} service serves {@link openApiDocument} (no token needed). */`,
    `export const OPENAPI_PATH = ${JSON.stringify(openApiPath(service))};`,
    '',
    '/** The OpenAPI 3.1 document of the contract (`vigilctl api openapi` prints the same). */',
    // Typed loosely on purpose: the literal type of a whole document would only slow tsc down.
    `export const openApiDocument: Readonly<Record<string, unknown>> = ${JSON.stringify(doc, null, 2)};`,
    '',
  ].join('\n');
}

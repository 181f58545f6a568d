// `vigilctl api inspect --json`: a stable, position-free projection of the ApiSpec, so that a
// formatted file yields the same JSON as the original (the round-trip property the tests check).
import type { ApiSpec, Field, Route, TagOptions } from './spec.js';

/** JSON form of a field (see packages/ctl/README.md). */
export interface InspectField {
  name: string;
  type: string;
  tag: Record<string, Omit<TagOptions, 'raw'>>;
  embedded?: true;
  doc?: string[];
  comment?: string[];
  /** Fields of an anonymous inline struct type. */
  fields?: InspectField[];
}

/** JSON form of a route. */
export interface InspectRoute {
  method: string;
  path: string;
  handler: string;
  request: string | null;
  response: string | null;
  group: string | null;
  prefix: string | null;
  jwt: string | null;
  jwtTransition: string | null;
  middleware: string[];
  timeout: number | null;
  maxBytes: number | null;
  signature: boolean;
  sse: boolean;
  doc: Route['doc'];
  annotations: Record<string, string>;
}

/** JSON document printed by `api inspect --json`. */
export interface InspectJson {
  syntax: string;
  info: Record<string, string>;
  service: string;
  types: { name: string; doc?: string[]; fields: InspectField[] }[];
  routes: InspectRoute[];
}

// The inspect JSON leaves out each tag's `raw` text (the model keeps it): name and options suffice.
function tags(tag: Field['tag']): Record<string, Omit<TagOptions, 'raw'>> {
  const out: Record<string, Omit<TagOptions, 'raw'>> = {};
  for (const [key, { raw: _raw, ...opts }] of Object.entries(tag)) out[key] = opts;
  return out;
}

function field(f: Field): InspectField {
  const out: InspectField = { name: f.name, type: f.type, tag: tags(f.tag) };
  if (f.embedded) out.embedded = true;
  if (f.doc.length) out.doc = f.doc;
  if (f.comment.length) out.comment = f.comment;
  if (f.typeRef.kind === 'struct') out.fields = f.typeRef.fields.map(field);
  return out;
}

/** Project a spec onto the inspect JSON shape. */
export function toInspectJson(spec: ApiSpec): InspectJson {
  return {
    syntax: spec.syntax,
    info: spec.info,
    service: spec.service,
    types: spec.types.map((t) => ({
      name: t.name,
      ...(t.doc.length ? { doc: t.doc } : {}),
      fields: t.fields.map(field),
    })),
    routes: spec.routes.map((r) => ({
      method: r.method,
      path: r.path,
      handler: r.handler,
      request: r.request?.type ?? null,
      response: r.response?.type ?? null,
      group: r.group,
      prefix: r.prefix,
      jwt: r.jwt,
      jwtTransition: r.jwtTransition,
      middleware: r.middleware,
      timeout: r.timeoutMs,
      maxBytes: r.maxBytes,
      signature: r.signature,
      sse: r.sse,
      doc: r.doc,
      annotations: r.annotations,
    })),
  };
}

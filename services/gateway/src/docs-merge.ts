import type { OpenApiDocument, ServiceDocument } from './docs-source.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` whose local `$ref`s point at the service's renamed components. */
function prefixRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => prefixRefs(v, prefix));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === '$ref' && typeof v === 'string'
        ? v.replace(/^#\/components\/([^/]+)\//, `#/components/$1/${prefix}`)
        : prefixRefs(v, prefix);
  }
  return out;
}

/** Security requirements name schemes by key, not by `$ref`: rename the keys. */
function prefixSecurity(security: unknown, prefix: string): unknown {
  if (!Array.isArray(security)) return security;
  return security.map((req) =>
    isObject(req) ? Object.fromEntries(Object.entries(req).map(([k, v]) => [prefix + k, v])) : req,
  );
}

function describe(doc: OpenApiDocument): string {
  const info = isObject(doc.info) ? doc.info : {};
  const title = typeof info.title === 'string' ? info.title : '';
  const version = typeof info.version === 'string' ? ` (${info.version})` : '';
  const text = typeof info.description === 'string' ? `: ${info.description}` : '';
  return `${title}${version}${text}`;
}

/**
 * One OpenAPI 3.1 document for every service behind the gateway (`/docs/openapi.json`): paths as
 * they are (each service's live under its own `/api/v1/<name>` prefix, so they cannot clash), each
 * operation tagged with its service, and components, security schemes and operation ids renamed
 * `<service>.<name>` because every service has its own `ErrorBody`, `Auth`, ….
 */
export function mergeDocuments(services: ServiceDocument[]): OpenApiDocument {
  const paths: Record<string, Json> = {};
  const components: Record<string, Json> = {};
  const tags: Json[] = [];
  const notes: string[] = [];
  for (const s of services) {
    if (!s.available) {
      notes.push(`- **${s.name}** is missing: ${s.reason}.`);
      continue;
    }
    const prefix = `${s.name}.`;
    const doc = s.document;
    tags.push({ name: s.name, description: describe(doc) });
    if (isObject(doc.components)) {
      for (const [kind, entries] of Object.entries(doc.components)) {
        if (!isObject(entries)) continue;
        const target = (components[kind] ??= {});
        for (const [key, value] of Object.entries(entries)) {
          target[prefix + key] = prefixRefs(value, prefix);
        }
      }
    }
    for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
      if (!isObject(item)) continue;
      const merged = (paths[path] ??= {});
      for (const [key, value] of Object.entries(prefixRefs(item, prefix) as Json)) {
        if (key in merged) {
          notes.push(`- \`${key} ${path}\` of **${s.name}** is left out: another service has it.`);
          continue;
        }
        if (METHODS.includes(key) && isObject(value)) {
          const op: Json = { ...value, tags: [s.name] };
          if (typeof op.operationId === 'string') op.operationId = prefix + op.operationId;
          const security = op.security ?? doc.security;
          if (security !== undefined) op.security = prefixSecurity(security, prefix);
          merged[key] = op;
        } else {
          merged[key] = value;
        }
      }
    }
  }
  const description = [
    'Every Vigil service behind the gateway, one tag per service.',
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
  const merged: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: 'Vigil API', version: '1', description },
    tags,
    paths,
  };
  if (Object.keys(components).length) merged.components = components;
  return merged;
}

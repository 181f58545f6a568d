// `vigilctl api openapi`: an OpenAPI 3.1 document of a contract (goctl's `api swagger`, in 3.1).
// Paths use the full route (prefix included); every operation documents Vigil's error envelope,
// `jwt:` groups a bearer security scheme per auth block.
import type { ApiSpec } from '../../api/spec.js';
import type { ContractSchemas } from '../schema/build-schema.js';
import type { ApiPlan, RoutePlan } from '../ts/api-plan.js';
import { routeSummary } from '../ts/route-doc.js';
import { jsonSchema, objectSchema, type JsonSchema } from './json-schema.js';

const ERROR_REF = { $ref: '#/components/responses/Error' };

function operationIds(plan: ApiPlan): Map<RoutePlan, string> {
  const ids = new Map<RoutePlan, string>();
  const used = new Set<string>();
  for (const r of plan.routes) {
    let id = r.logicMethod;
    if (used.has(id)) id = r.handlerFn.replace(/Handler\d*$/, '');
    let n = 2;
    while (used.has(id)) id = `${r.logicMethod}${n++}`;
    used.add(id);
    ids.set(r, id);
  }
  return ids;
}

function operation(r: RoutePlan, id: string): JsonSchema {
  const op: JsonSchema = { operationId: id };
  const summary = routeSummary(r.route);
  if (summary) op.summary = summary;
  if (r.route.group) op.tags = [r.route.group];
  const params: JsonSchema[] = [];
  const param = (location: 'path' | 'query' | 'header', list: RoutePlan['fields']['path']) => {
    for (const p of list) {
      const entry: JsonSchema = {
        name: p.key,
        in: location,
        required: location === 'path' || !p.optional,
        schema: jsonSchema(p.schema),
      };
      if (p.schema.description) entry.description = p.schema.description;
      params.push(entry);
    }
  };
  param('path', r.fields.path);
  param('query', r.fields.query);
  param('header', r.fields.header);
  if (params.length) op.parameters = params;
  let body: JsonSchema | undefined;
  if (r.wholeBody) body = jsonSchema(r.wholeBody);
  else if (r.fields.body.length && r.requestType) {
    const whole = !r.fields.path.length && !r.fields.query.length && !r.fields.header.length;
    body = whole ? { $ref: `#/components/schemas/${r.requestType}` } : objectSchema(r.fields.body);
  }
  if (body) op.requestBody = { required: true, content: { 'application/json': { schema: body } } };
  const ok: JsonSchema = { description: 'OK' };
  if (r.response) ok.content = { 'application/json': { schema: jsonSchema(r.response) } };
  const responses: JsonSchema = { '200': ok };
  if (params.length || body) responses['400'] = ERROR_REF;
  if (r.route.jwt) responses['401'] = ERROR_REF;
  responses.default = ERROR_REF;
  op.responses = responses;
  if (r.route.jwt) op.security = [{ [r.route.jwt]: [] }];
  return op;
}

/** The OpenAPI 3.1 document of `spec`. */
export function openApiDocument(
  spec: ApiSpec,
  schemas: ContractSchemas,
  plan: ApiPlan,
): JsonSchema {
  const info: JsonSchema = {
    title: spec.info.title || spec.service || 'api',
    version: spec.info.version ?? '1.0.0',
  };
  if (spec.info.desc) info.description = spec.info.desc;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const ids = operationIds(plan);
  for (const r of plan.routes) {
    const path = r.route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[r.route.method.toLowerCase()] = operation(r, ids.get(r) ?? r.logicMethod);
  }
  const componentSchemas: Record<string, JsonSchema> = {};
  for (const t of [...schemas.types].sort((a, b) => a.name.localeCompare(b.name))) {
    const s = objectSchema(t.node.props);
    if (t.description) s.description = t.description;
    componentSchemas[t.name] = s;
  }
  componentSchemas.ErrorBody = {
    type: 'object',
    description: 'The error envelope of every Vigil service.',
    properties: {
      code: { type: 'string', description: 'Stable catalog code, e.g. PATIENT_NOT_FOUND.' },
      message: { type: 'string' },
      traceId: { type: 'string' },
      details: {
        type: 'array',
        items: {
          type: 'object',
          properties: { field: { type: 'string' }, reason: { type: 'string' } },
          required: ['field', 'reason'],
        },
      },
    },
    required: ['code', 'message', 'traceId'],
  };
  const components: JsonSchema = {
    schemas: componentSchemas,
    responses: {
      Error: {
        description: 'Error envelope',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      },
    },
  };
  const jwt = [...new Set(spec.groups.map((g) => g.jwt).filter((j): j is string => !!j))].sort();
  if (jwt.length) {
    components.securitySchemes = Object.fromEntries(
      jwt.map((j) => [j, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }]),
    );
  }
  return { openapi: '3.1.0', info, paths, components };
}

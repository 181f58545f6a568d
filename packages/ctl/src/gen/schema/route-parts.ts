// A route's request split by where each field travels, and its response, as schema nodes.
import type { BodyRef, Route, TypeRef } from '../../api/spec.js';
import type { ContractSchemas, SchemaProblem } from './build-schema.js';
import type { FieldLocation, PropNode, SchemaNode } from './schema-node.js';

/** The request and response of one route. */
export interface RouteParts {
  route: Route;
  /** Name of the request struct, when the request is a named struct. */
  requestType: string | undefined;
  /** Request fields by location (named struct requests only). */
  fields: Record<FieldLocation, PropNode[]>;
  /** The request node when the body is the whole request (`(string)`, `([]Item)`). */
  wholeBody: SchemaNode | undefined;
  /** The response node, or undefined when the route returns nothing. */
  response: SchemaNode | undefined;
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);

function unwrapPointer(t: TypeRef): TypeRef {
  return t.kind === 'pointer' ? unwrapPointer(t.elem) : t;
}

function bodyNode(body: BodyRef): SchemaNode {
  const t = unwrapPointer(body.typeRef);
  const walk = (r: TypeRef): SchemaNode => {
    switch (r.kind) {
      case 'named':
        return { kind: 'ref', name: r.name };
      case 'slice':
      case 'array':
        return { kind: 'array', items: walk(unwrapPointer(r.elem)) };
      case 'map':
        return { kind: 'record', key: 'string', value: walk(unwrapPointer(r.value)) };
      case 'basic':
        return r.name === 'string'
          ? { kind: 'string' }
          : r.name === 'bool'
            ? { kind: 'boolean' }
            : r.name.startsWith('float')
              ? { kind: 'number' }
              : { kind: 'integer' };
      case 'pointer':
        return walk(unwrapPointer(r));
      case 'interface':
      case 'struct':
        return { kind: 'unknown' };
    }
  };
  return walk(t);
}

/** Split every route's request by location; problems go to `problems`. */
export function routeParts(
  route: Route,
  schemas: ContractSchemas,
  problems: SchemaProblem[],
): RouteParts {
  const fields: Record<FieldLocation, PropNode[]> = { path: [], query: [], header: [], body: [] };
  let requestType: string | undefined;
  let wholeBody: SchemaNode | undefined;
  if (route.request) {
    const t = unwrapPointer(route.request.typeRef);
    const named = t.kind === 'named' ? schemas.byName.get(t.name) : undefined;
    if (named) {
      requestType = named.name;
      for (const p of named.node.props) {
        if (p.location === 'body' && BODYLESS.has(route.method)) {
          // A GET has no body (Fastify does not read one): its JSON fields come from the query.
          problems.push({
            severity: 'warning',
            message: `${route.method} ${route.path}: field ${p.field} of ${named.name} has no form/path/header tag; it is read from the query string`,
            pos: route.pos,
          });
          fields.query.push({ ...p, location: 'query' });
        } else fields[p.location].push(p);
      }
      for (const p of fields.path) {
        if (!route.pathParams.includes(p.key)) {
          problems.push({
            severity: 'error',
            message: `${route.method} ${route.path}: path field ${p.field} (${p.key}) of ${named.name} is not a parameter of the path`,
            pos: route.pos,
          });
        }
      }
    } else wholeBody = bodyNode(route.request);
  }
  const response = route.response ? bodyNode(route.response) : undefined;
  return {
    route,
    requestType,
    fields,
    wholeBody,
    response,
  };
}

/** TypeScript text of a request/response body node; named types get `prefix` (`T.`). */
export function bodyTypeText(n: SchemaNode, prefix = ''): string {
  switch (n.kind) {
    case 'ref':
      return `${prefix}${n.name}`;
    case 'array':
      return `${bodyTypeText(n.items, prefix)}[]`;
    case 'record':
      return `Record<string, ${bodyTypeText(n.value, prefix)}>`;
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    default:
      return 'unknown';
  }
}

/** True when the route carries a request body with fields. */
export function hasBody(parts: RouteParts): boolean {
  return parts.fields.body.length > 0 || parts.wholeBody !== undefined;
}

// Service blocks → route groups (goctl parser/analyzer.go fillService, parser/api.go
// checkServiceStmt, api/gogen/genroutes.go for how @server keys are read): one service name,
// unique handlers per group, unique method + full path, declared body types, Go-duration timeouts.
import { posix } from 'node:path';
import type { ApiFile, AtDoc, BodyType, KeyValue, RouteItem, ServiceStmt } from './ast.js';
import { isBasic } from './analyzer-types.js';
import {
  semanticError,
  semanticWarning,
  type ApiDiagnostic,
  type SourcePos,
} from './diagnostics.js';
import { parseGoDuration } from './duration.js';
import type { BodyRef, Route, RouteDoc, RouteGroup } from './spec.js';

/** Result of analysing all service blocks. */
export interface ServiceResult {
  service: string;
  groups: RouteGroup[];
}

/** Unquote a `"..."` or `` `...` `` value (goctl TokenNode.RawText). */
export function unquote(raw: string): string {
  const q = raw[0];
  return (q === '"' || q === '`') && raw.endsWith(q) && raw.length >= 2 ? raw.slice(1, -1) : raw;
}

/** Build route groups from every service block of every file. */
export function analyzeServices(
  files: readonly ApiFile[],
  declared: ReadonlySet<string>,
  diagnostics: ApiDiagnostic[],
): ServiceResult {
  let service = '';
  const groups: RouteGroup[] = [];
  const handlers = new Map<string, SourcePos>();
  const paths = new Map<string, SourcePos>();
  for (const f of files) {
    const at = (p: { line: number; col: number }): SourcePos => ({ file: f.file, ...p });
    for (const stmt of f.stmts) {
      if (stmt.kind !== 'service') continue;
      // Like goctl, a block without routes does not take part in the service-name check.
      if (stmt.items.length > 0) {
        if (service !== '' && service !== stmt.name) {
          diagnostics.push(
            semanticError(
              at(stmt.namePos),
              `multiple service names: <${stmt.name}> and <${service}>`,
            ),
          );
        } else service = stmt.name;
      }
      const group = buildGroup(stmt, at, diagnostics);
      for (const item of stmt.items) {
        const route = buildRoute(item, group, at, declared, diagnostics);
        const hKey = `${group.group ?? ''}/${route.handler}`;
        if (handlers.has(hKey)) {
          const where = group.group === null ? '' : ` in group <${group.group}>`;
          diagnostics.push(
            semanticError(at(item.handler.pos), `duplicate handler <${route.handler}>${where}`),
          );
        } else handlers.set(hKey, route.pos);
        const pKey = `${route.method} ${route.path}`;
        if (paths.has(pKey)) {
          diagnostics.push(semanticError(route.pos, `duplicate route <${pKey}>`));
        } else paths.set(pKey, route.pos);
        group.routes.push(route);
      }
      groups.push(group);
    }
  }
  return { service, groups };
}

/** Go's path.Join: joined and cleaned, no trailing slash except for the root. */
function cleanJoin(a: string, b: string): string {
  const joined = posix.join(a, b);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

type At = (p: { line: number; col: number }) => SourcePos;

function buildGroup(stmt: ServiceStmt, at: At, diagnostics: ApiDiagnostic[]): RouteGroup {
  const group: RouteGroup = {
    group: null,
    prefix: null,
    jwt: null,
    jwtTransition: null,
    middleware: [],
    timeoutMs: null,
    maxBytes: null,
    signature: false,
    sse: false,
    annotations: {},
    routes: [],
  };
  const seen = new Set<string>();
  for (const kv of stmt.server?.entries ?? []) {
    if (seen.has(kv.key)) {
      diagnostics.push(
        semanticWarning(at(kv.keyPos), `duplicate @server key <${kv.key}>; the last one wins`),
      );
    }
    seen.add(kv.key);
    const value = unquote(kv.raw).trim();
    group.annotations[kv.key] = value;
    applyServerKey(group, kv, value, at, diagnostics);
  }
  return group;
}

function applyServerKey(
  group: RouteGroup,
  kv: KeyValue,
  value: string,
  at: At,
  diagnostics: ApiDiagnostic[],
): void {
  switch (kv.key) {
    case 'group':
      group.group = value || null;
      break;
    case 'prefix':
      // goctl genroutes: path.Join("/", prefix) — a missing leading slash is added.
      group.prefix = value === '' ? null : cleanJoin('/', value);
      break;
    case 'jwt':
      group.jwt = value || null;
      break;
    case 'jwtTransition':
      group.jwtTransition = value || null;
      break;
    case 'middleware':
      group.middleware = value
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== '');
      break;
    case 'timeout': {
      const ms = parseGoDuration(value);
      if (ms === undefined || ms <= 0) {
        diagnostics.push(
          semanticError(
            at(kv.valuePos),
            `timeout <${value}> is not a positive Go duration (e.g. 3s, 500ms)`,
          ),
        );
      } else group.timeoutMs = ms;
      break;
    }
    case 'maxBytes':
      if (!/^\d+$/.test(value)) {
        diagnostics.push(semanticError(at(kv.valuePos), `maxBytes <${value}> is not an integer`));
      } else group.maxBytes = Number(value);
      break;
    case 'signature':
      group.signature = value === 'true';
      break;
    case 'sse':
      group.sse = value === 'true';
      break;
  }
}

function buildRoute(
  item: RouteItem,
  group: RouteGroup,
  at: At,
  declared: ReadonlySet<string>,
  diagnostics: ApiDiagnostic[],
): Route {
  const r = item.route;
  const path = group.prefix === null ? r.path : cleanJoin(group.prefix, r.path);
  const request = r.request ? body(r.request, true, at, declared, diagnostics) : null;
  const response = r.response ? body(r.response, false, at, declared, diagnostics) : null;
  if (group.sse && !r.response) {
    diagnostics.push(
      semanticError(
        at(r.request?.pos ?? r.pathPos),
        'missing response type (sse routes must return a type)',
      ),
    );
  }
  const comments = [
    ...(item.doc?.open.lead ?? []),
    ...item.handler.comments.lead,
    ...r.comments.lead,
  ].map((c) => c.text);
  return {
    method: r.method.toUpperCase(),
    path,
    routePath: r.path,
    pathParams: path
      .split('/')
      .filter((s) => s.startsWith(':'))
      .map((s) => s.slice(1)),
    handler: item.handler.name,
    request,
    response,
    doc: item.doc ? routeDoc(item.doc) : null,
    comments,
    group: group.group,
    prefix: group.prefix,
    jwt: group.jwt,
    jwtTransition: group.jwtTransition,
    middleware: group.middleware,
    timeoutMs: group.timeoutMs,
    maxBytes: group.maxBytes,
    signature: group.signature,
    sse: group.sse,
    annotations: group.annotations,
    pos: at(r.pos),
  };
}

function routeDoc(doc: AtDoc): RouteDoc {
  if (doc.text !== undefined) return unquote(doc.text);
  const props: Record<string, string> = {};
  for (const kv of doc.entries ?? []) props[kv.key] = unquote(kv.raw);
  return props;
}

function body(
  b: BodyType,
  isRequest: boolean,
  at: At,
  declared: ReadonlySet<string>,
  diagnostics: ApiDiagnostic[],
): BodyRef | null {
  const type = `${b.slice ? '[]' : ''}${b.pointer ? '*' : ''}${b.name}`;
  if (isRequest && b.slice) {
    diagnostics.push(semanticError(at(b.pos), `request body must be struct, got <${type}>`));
    return null;
  }
  const basic = isBasic(b.name);
  if (!basic && !declared.has(b.name)) {
    diagnostics.push(semanticError(at(b.namePos), `unresolved type <${b.name}>`));
    return null;
  }
  if (isRequest && basic) {
    // goctl accepts it (its own testdata has `(string)`), but nothing can bind a request into it.
    diagnostics.push(semanticWarning(at(b.pos), `request body should be a struct, got <${type}>`));
  }
  let typeRef: BodyRef['typeRef'] = basic
    ? { kind: 'basic', name: b.name }
    : { kind: 'named', name: b.name };
  if (b.pointer) typeRef = { kind: 'pointer', elem: typeRef };
  if (b.slice) typeRef = { kind: 'slice', elem: typeRef };
  return { type, name: b.name, typeRef };
}

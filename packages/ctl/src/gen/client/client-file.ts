// `vigilctl api client`: a typed, dependency-free fetch client of an `.api` contract (goctl's
// `api ts` output, with Vigil's error envelope surfaced as a typed ApiError). Usable from Node
// (tests, other tools) and the browser (the web app): only fetch, URL and AbortSignal are used.
import { basename } from 'node:path';
import type { ApiSpec } from '../../api/spec.js';
import { jsString, pascalCase, propertyAccess, propertyKey, tsDoc } from '../naming.js';
import type { ContractSchemas } from '../schema/build-schema.js';
import { tsObjectType, tsTypeExpr } from '../schema/emit-ts.js';
import { bodyTypeText } from '../schema/route-parts.js';
import type { ApiPlan, RoutePlan } from '../ts/api-plan.js';
import { routeSummary } from '../ts/route-doc.js';
import { GENERATED_HEADER } from '../write-files.js';
import { CLIENT_RUNTIME } from './client-runtime.js';

/** Client method name: the logic method name (camelCase handler), unique in the client. */
function methodNames(plan: ApiPlan): Map<RoutePlan, string> {
  const names = new Map<RoutePlan, string>();
  const used = new Set<string>();
  for (const r of plan.routes) {
    let name = r.logicMethod;
    if (used.has(name)) name = r.handlerFn.replace(/Handler\d*$/, '');
    let n = 2;
    while (used.has(name)) name = `${r.logicMethod}${n++}`;
    used.add(name);
    names.set(r, name);
  }
  return names;
}

function pathExpr(r: RoutePlan): string {
  const pathKeys = new Set(r.fields.path.map((p) => p.key));
  const parts = r.route.path.split('/').map((seg) => {
    const key = seg.startsWith(':') ? seg.slice(1) : undefined;
    return key !== undefined && pathKeys.has(key)
      ? `\${encodeURIComponent(String(${propertyAccess('req', key)}))}`
      : seg.replace(/[`$\\]/g, '\\$&');
  });
  return `\`${parts.join('/')}\``;
}

function callArgs(r: RoutePlan): string {
  const parts: string[] = [];
  const obj = (keys: string[]) =>
    `{ ${keys.map((k) => `${propertyKey(k)}: ${propertyAccess('req', k)}`).join(', ')} }`;
  const { path, query, header, body } = r.fields;
  if (query.length) parts.push(`query: ${obj(query.map((p) => p.key))}`);
  if (header.length) parts.push(`headers: ${obj(header.map((p) => p.key))}`);
  if (r.wholeBody) parts.push('body: req');
  else if (body.length) {
    const whole = !path.length && !query.length && !header.length;
    parts.push(`body: ${whole ? 'req' : obj(body.map((p) => p.key))}`);
  }
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

/** The content of a client file for `spec`. */
export function clientFile(spec: ApiSpec, schemas: ContractSchemas, plan: ApiPlan): string {
  const service = spec.service || basename(spec.files[0] ?? 'api', '.api');
  const iface = `${pascalCase(service)}Client`;
  const out: string[] = [
    GENERATED_HEADER,
    `// Typed fetch client of ${service} (${basename(spec.files[0] ?? 'api')}). Every non-2xx answer`,
    '// is thrown as an ApiError carrying the envelope {code, message, traceId, details?}.',
    '',
  ];
  for (const t of schemas.types) {
    out.push(
      `${tsDoc(t.description)}export interface ${t.name} ${tsObjectType(t.node.props, '')}`,
      '',
    );
  }
  out.push(CLIENT_RUNTIME.trim(), '');
  const names = methodNames(plan);
  const sig = (r: RoutePlan) => {
    const req = r.wholeBody ? bodyTypeText(r.wholeBody) : r.requestType;
    const res = r.response ? tsTypeExpr(r.response, '  ') : 'void';
    return `${names.get(r)}(${req ? `req: ${req}, ` : ''}options?: CallOptions): Promise<${res}>`;
  };
  out.push(`/** The routes of ${service}, one method each. */`, `export interface ${iface} {`);
  for (const r of plan.routes) {
    const summary = routeSummary(r.route);
    out.push(
      `${tsDoc(`${r.route.method} ${r.route.path}${summary ? `: ${summary}` : ''}`, '  ')}  ${sig(r)};`,
    );
  }
  out.push('}', '');
  out.push(
    `/** A client of ${service} at \`options.baseUrl\` (the service itself or the gateway). */`,
    `export function create${iface}(options: ClientOptions): ${iface} {`,
    '  const call = createCaller(options);',
    '  return {',
  );
  for (const r of plan.routes) {
    const hasReq = r.wholeBody !== undefined || r.requestType !== undefined;
    const res = r.response ? tsTypeExpr(r.response, '      ') : 'void';
    out.push(
      `    ${names.get(r)}: (${hasReq ? 'req, ' : ''}o) =>`,
      `      call<${res}>(${jsString(r.route.method)}, ${pathExpr(r)}, ${callArgs(r)}, ${r.response ? 'true' : 'false'}, o),`,
    );
  }
  out.push('  };', '}', '');
  return out.join('\n');
}

// src/handler/<group>/<name>.gen.ts: reads the request from path, query, headers and body into
// one typed object, calls the logic, returns its response (goctl's handler: httpx.Parse, then
// logic, then httpx.OkJson). Validation has already run against the route's schemas.
import { jsString, propertyAccess, propertyKey, tsDoc } from '../naming.js';
import { bodyTypeText } from '../schema/route-parts.js';
import { GENERATED_HEADER } from '../write-files.js';
import { importPath, type RoutePlan } from './api-plan.js';
import { routeSummary } from './route-doc.js';

function pickType(type: string, keys: string[]): string {
  return `Pick<T.${type}, ${keys.map((k) => jsString(k)).join(' | ')}>`;
}

function requestLines(r: RoutePlan): string[] {
  if (r.wholeBody) return [`    const req = request.body as ${bodyTypeText(r.wholeBody, 'T.')};`];
  const type = r.requestType;
  if (!type) return [];
  const { path, query, header, body } = r.fields;
  if (body.length && !path.length && !query.length && !header.length) {
    return [`    const req = request.body as T.${type};`];
  }
  const lines: string[] = [];
  const assign: string[] = [];
  const from = (source: string, keys: string[]) => {
    if (!keys.length) return;
    const v = source.replace('request.', '');
    lines.push(`    const ${v} = ${source} as ${pickType(type, keys)};`);
    for (const k of keys) assign.push(`      ${propertyKey(k)}: ${propertyAccess(v, k)},`);
  };
  from(
    'request.params',
    path.map((p) => p.key),
  );
  from(
    'request.query',
    query.map((p) => p.key),
  );
  if (header.length) {
    lines.push('    const headers = request.headers;');
    for (const p of header) {
      // Node lower-cases incoming header names.
      const value = propertyAccess('headers', p.key.toLowerCase());
      assign.push(`      ${propertyKey(p.key)}: ${value} as T.${type}[${jsString(p.key)}],`);
    }
  }
  from(
    'request.body',
    body.map((p) => p.key),
  );
  return [...lines, `    const req: T.${type} = {`, ...assign, '    };'];
}

/** The content of one handler file (path `r.handlerFile` below src/). */
export function handlerFile(r: RoutePlan): string {
  const reqLines = requestLines(r);
  const usesT = reqLines.length > 0 || r.response !== undefined;
  const call = `new ${r.logicClass}(ctx, svc).${r.logicMethod}(${reqLines.length ? 'req' : ''})`;
  // The logic's promise is returned as it is: an async wrapper would add a promise and an await
  // per request (each paying Node 20's AsyncLocalStorage hooks) for nothing.
  const callLines = r.response
    ? [`    const resp: Promise<${bodyTypeText(r.response, 'T.')}> = ${call};`, '    return resp;']
    : [`    return ${call};`];
  const params = reqLines.some((l) => l.includes('request.')) ? 'request, ctx' : '_request, ctx';
  const summary = routeSummary(r.route);
  return [
    GENERATED_HEADER,
    "import type { RouteDefinition } from '@vigil/core';",
    `import { ${r.logicClass} } from '${importPath(r.handlerFile, r.logicFile)}';`,
    `import type { ServiceContext } from '${importPath(r.handlerFile, 'svc/context.ts')}';`,
    ...(usesT ? [`import type * as T from '${importPath(r.handlerFile, 'types.gen.ts')}';`] : []),
    '',
    `${tsDoc(`${r.route.method} ${r.route.path}${summary ? `: ${summary}` : ''}`)}export function ${r.handlerFn}(svc: ServiceContext): RouteDefinition['handle'] {`,
    `  return (${params}) => {`,
    ...reqLines,
    ...callLines,
    '  };',
    '}',
    '',
  ].join('\n');
}

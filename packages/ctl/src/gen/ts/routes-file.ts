// src/routes.gen.ts: one `addRoutes` per `@server` block with prefix, JWT, timeout, body limit
// and middleware, and per route its schemas (goctl's internal/handler/routes.go, with the
// validation go-zero's httpx.Parse does moved into Fastify's schema validation).
import { basename } from 'node:path';
import type { ApiSpec } from '../../api/spec.js';
import { importPath, type ApiPlan, type GroupPlan, type RoutePlan } from './api-plan.js';
import { jsString, propertyAccess, propertyKey } from '../naming.js';
import { typeboxExpr } from '../schema/emit-typebox.js';
import { GENERATED_HEADER } from '../write-files.js';
import { routeSummary } from './route-doc.js';

const ref = (n: string) => `T.${n}`;

function pick(type: string, keys: string[]): string {
  return `Type.Pick(T.${type}, [${keys.map(jsString).join(', ')}])`;
}

function schemaLines(r: RoutePlan, indent: string): string[] {
  const parts: string[] = [];
  const type = r.requestType;
  const { path, query, header, body } = r.fields;
  if (type) {
    if (path.length)
      parts.push(
        `params: ${pick(
          type,
          path.map((p) => p.key),
        )},`,
      );
    if (query.length)
      parts.push(
        `querystring: ${pick(
          type,
          query.map((p) => p.key),
        )},`,
      );
    if (header.length) {
      const props = header.map(
        (p) =>
          `${propertyKey(p.key.toLowerCase())}: ${propertyAccess(`T.${type}.properties`, p.key)}`,
      );
      parts.push(`headers: Type.Object({ ${props.join(', ')} }),`);
    }
    if (body.length) {
      const whole = !path.length && !query.length && !header.length;
      parts.push(
        `body: ${
          whole
            ? `T.${type}`
            : pick(
                type,
                body.map((p) => p.key),
              )
        },`,
      );
    }
  }
  if (r.wholeBody) parts.push(`body: ${typeboxExpr(r.wholeBody, 'Type', indent, ref)},`);
  if (r.response) {
    parts.push(`response: { 200: ${typeboxExpr(r.response, 'Type', indent, ref)} },`);
  }
  if (!parts.length) return [];
  return [`${indent}schema: {`, ...parts.map((p) => `${indent}  ${p}`), `${indent}},`];
}

function routeLines(r: RoutePlan): string[] {
  const i = '      ';
  const summary = routeSummary(r.route);
  return [
    '    {',
    `${i}method: ${jsString(r.route.method)},`,
    `${i}path: ${jsString(r.route.routePath)},`,
    `${i}handler: ${jsString(r.route.handler)},`,
    ...schemaLines(r, i),
    ...(summary ? [`${i}doc: ${jsString(summary)},`] : []),
    ...(r.route.group ? [`${i}tags: [${jsString(r.route.group)}],`] : []),
    `${i}handle: ${r.handlerFn}(svc),`,
    '    },',
  ];
}

function groupOptions(g: GroupPlan, plan: ApiPlan): string {
  const o: string[] = [];
  const { group } = g;
  if (group.prefix) o.push(`prefix: ${jsString(group.prefix)}`);
  if (group.jwt) o.push(`jwt: ${jsString(group.jwt)}`);
  if (group.timeoutMs !== null) o.push(`timeoutMs: ${Math.max(1, Math.round(group.timeoutMs))}`);
  if (group.maxBytes !== null) o.push(`maxBytes: ${group.maxBytes}`);
  if (group.middleware.length) {
    const fns = group.middleware.map((m) => {
      const mw = plan.middleware.find((x) => x.name === m);
      return `${mw?.factory ?? m}(svc)`;
    });
    o.push(`middleware: [${fns.join(', ')}]`);
  }
  return o.length ? `{ ${o.join(', ')} }` : '{}';
}

/** The content of `src/routes.gen.ts`. */
export function routesFile(spec: ApiSpec, plan: ApiPlan): string {
  const body: string[] = [];
  for (const g of plan.groups) {
    if (!g.routes.length) continue;
    body.push('  server.addRoutes(', `    ${groupOptions(g, plan)},`, '    [');
    for (const r of g.routes) body.push(...routeLines(r).map((l) => `  ${l}`));
    body.push('    ],', '  );');
  }
  const needsType = body.some((l) => l.includes('Type.'));
  const usesT = plan.routes.some((r) => r.requestType || r.wholeBody || r.response);
  const imports = [
    ...(needsType ? ["import { Type } from '@sinclair/typebox';"] : []),
    "import type { AuthSettings, RestServer } from '@vigil/core';",
    "import type { Config } from './config.js';",
    ...plan.routes.map(
      (r) => `import { ${r.handlerFn} } from '${importPath('routes.gen.ts', r.handlerFile)}';`,
    ),
    ...plan.middleware.map(
      (m) => `import { ${m.factory} } from '${importPath('routes.gen.ts', m.file)}';`,
    ),
    "import type { ServiceContext } from './svc/context.js';",
    ...(usesT ? ["import * as T from './types.gen.js';"] : []),
  ];
  const blocks = plan.jwtNames.map((n) => `${propertyKey(n)}: ${propertyAccess('config', n)}`);
  return [
    GENERATED_HEADER,
    `// Source: ${basename(spec.files[0] ?? 'api')} (service ${spec.service || '-'}).`,
    ...imports,
    '',
    '/** Registers every route of the contract, one group per `@server` block. */',
    `export function registerRoutes(server: RestServer, svc: ServiceContext): void {`,
    ...body,
    '}',
    '',
    '/** Auth blocks named by `jwt:` besides `Auth` (config keys of the same name). */',
    `export function authBlocks(${blocks.length ? 'config' : '_config'}: Config): Record<string, AuthSettings> {`,
    `  return {${blocks.length ? ` ${blocks.join(', ')} ` : ''}};`,
    '}',
    '',
  ].join('\n');
}

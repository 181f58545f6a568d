// Logic and middleware files: created once, then the only code a person writes for a route
// (goctl's internal/logic/<group>/<name>logic.go and internal/middleware/<name>middleware.go).
import { tsDoc } from '../naming.js';
import { refsOf } from '../schema/refs.js';
import { bodyTypeText } from '../schema/route-parts.js';
import { importPath, type MiddlewarePlan, type RoutePlan } from './api-plan.js';
import { routeSummary } from './route-doc.js';

const SAFE = 'Safe to edit: created once by vigilctl, never overwritten.';

/** The content of a route's logic file (`r.logicFile` below src/). */
export function logicFile(r: RoutePlan): string {
  const reqType = r.wholeBody ? bodyTypeText(r.wholeBody) : r.requestType;
  const respType = r.response ? bodyTypeText(r.response) : undefined;
  const names = [
    ...new Set([
      ...(r.wholeBody ? refsOf(r.wholeBody) : r.requestType ? [r.requestType] : []),
      ...refsOf(r.response),
    ]),
  ].sort();
  const summary = routeSummary(r.route);
  return [
    `// ${SAFE} Logic of`,
    `// ${r.route.method} ${r.route.path}.`,
    "import { AppError, type RequestContext } from '@vigil/core';",
    `import type { ServiceContext } from '${importPath(r.logicFile, 'svc/context.ts')}';`,
    ...(names.length
      ? [`import type { ${names.join(', ')} } from '${importPath(r.logicFile, 'types.gen.ts')}';`]
      : []),
    '',
    `${tsDoc(summary || `${r.route.handler}.`)}export class ${r.logicClass} {`,
    '  constructor(',
    '    private readonly ctx: RequestContext,',
    '    private readonly svc: ServiceContext,',
    '  ) {}',
    '',
    `  async ${r.logicMethod}(${reqType ? `_req: ${reqType}` : ''}): Promise<${respType ?? 'void'}> {`,
    `    throw new AppError('NOT_IMPLEMENTED', '${r.route.handler} is not implemented yet');`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The content of a middleware file (`m.file` below src/). */
export function middlewareFile(m: MiddlewarePlan): string {
  return [
    `// ${SAFE} The \`${m.name}\` route`,
    '// middleware (`@server(middleware: …)`): runs around the handler of every route of its groups.',
    "import type { Middleware } from '@vigil/core';",
    `import type { ServiceContext } from '${importPath(m.file, 'svc/context.ts')}';`,
    '',
    `/** Builds the \`${m.name}\` middleware once, with the service's dependencies. */`,
    `export function ${m.factory}(_svc: ServiceContext): Middleware {`,
    '  return async (_ctx, _request, next) => {',
    '    // Before the handler: check, enrich or reject (throw an AppError).',
    '    return next();',
    '  };',
    '}',
    '',
  ].join('\n');
}

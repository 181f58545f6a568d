// `vigilctl api ts`: the files an `.api` contract yields in a service folder (paths relative to
// it), without the service shell (server.gen.ts and the once-only files, see service.ts).
import type { ApiSpec } from '../../api/spec.js';
import { isSafeIdentifier } from '../naming.js';
import { buildSchemas, type ContractSchemas, type SchemaProblem } from '../schema/build-schema.js';
import type { GeneratedFile } from '../write-files.js';
import { planApi, type ApiPlan } from './api-plan.js';
import { handlerFile } from './handler-file.js';
import { routesFile } from './routes-file.js';
import { logicFile, middlewareFile } from './scaffold-logic.js';
import { typesFile } from './types-file.js';

/** Output of {@link generateApiTs}; `files` is empty when a problem is an error. */
export interface ApiTsResult {
  files: GeneratedFile[];
  problems: SchemaProblem[];
  plan: ApiPlan;
  schemas: ContractSchemas;
}

/** Analyse the contract for generation: schemas, route plan and problems. */
export function analyzeForGen(spec: ApiSpec): {
  schemas: ContractSchemas;
  plan: ApiPlan;
  problems: SchemaProblem[];
} {
  const schemas = buildSchemas(spec);
  const problems = [...schemas.problems];
  for (const t of spec.types) {
    if (!isSafeIdentifier(t.name)) {
      problems.push({
        severity: 'error',
        message: `type name ${t.name} is not a valid TypeScript name`,
        pos: t.pos,
      });
    }
  }
  const plan = planApi(spec, schemas, problems);
  for (const g of spec.groups) {
    const at = g.routes[0]?.pos;
    if (g.signature)
      problems.push({
        severity: 'warning',
        message: '@server signature is not supported; ignored',
        pos: at,
      });
    if (g.sse)
      problems.push({
        severity: 'warning',
        message: '@server sse is not supported; routes answer JSON',
        pos: at,
      });
    if (g.jwtTransition)
      problems.push({
        severity: 'warning',
        message: '@server jwtTransition is not supported; ignored',
        pos: at,
      });
  }
  return { schemas, plan, problems };
}

/** Generate types, routes, handlers and (once) logic and middleware for `spec`. */
export function generateApiTs(spec: ApiSpec): ApiTsResult {
  const { schemas, plan, problems } = analyzeForGen(spec);
  if (problems.some((p) => p.severity === 'error')) return { files: [], problems, plan, schemas };
  const g = (path: string, content: string): GeneratedFile => ({
    path: `src/${path}`,
    content,
    kind: 'generated',
  });
  const s = (path: string, content: string): GeneratedFile => ({
    path: `src/${path}`,
    content,
    kind: 'scaffold',
  });
  const files: GeneratedFile[] = [
    g('types.gen.ts', typesFile(spec, schemas)),
    g('routes.gen.ts', routesFile(spec, plan)),
  ];
  for (const r of plan.routes) {
    files.push(g(r.handlerFile, handlerFile(r)), s(r.logicFile, logicFile(r)));
  }
  for (const m of plan.middleware) files.push(s(m.file, middlewareFile(m)));
  return { files, problems, plan, schemas };
}

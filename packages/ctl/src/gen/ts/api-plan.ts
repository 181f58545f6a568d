// File and identifier names for each route of a contract (goctl genhandlers.go/genlogic.go,
// in TypeScript's conventions): `@handler GetPatientInfo` in group `patient` →
// handler/patient/get-patient-info.gen.ts, logic/patient/get-patient-info.ts,
// class GetPatientInfoLogic, method getPatientInfo.
import type { ApiSpec, RouteGroup } from '../../api/spec.js';
import type { ContractSchemas, SchemaProblem } from '../schema/build-schema.js';
import { routeParts, type RouteParts } from '../schema/route-parts.js';
import { camelCase, kebabCase, pascalCase } from '../naming.js';

/** Everything a generator needs to know about one route. */
export interface RoutePlan extends RouteParts {
  /** Folder below handler/ and logic/ (`patient`, `admin/user`), '' without a group. */
  groupDir: string;
  /** Kebab-case base name of the handler and logic files. */
  fileBase: string;
  logicClass: string;
  logicMethod: string;
  /** Name of the handler factory, unique in the service. */
  handlerFn: string;
  /** Paths relative to the service's src/. */
  handlerFile: string;
  logicFile: string;
}

/** A `@server` group with its routes' plans. */
export interface GroupPlan {
  group: RouteGroup;
  routes: RoutePlan[];
}

/** Middleware declared by the contract: name → factory and file. */
export interface MiddlewarePlan {
  name: string;
  factory: string;
  /** Relative to src/. */
  file: string;
}

/** The resolved per-route plan of a contract. */
export interface ApiPlan {
  groups: GroupPlan[];
  routes: RoutePlan[];
  middleware: MiddlewarePlan[];
  /** `jwt:` names other than `Auth` (extra auth blocks the config must define). */
  jwtNames: string[];
}

/** goctl trims a `Handler` suffix from handler names (gogen getHandlerBaseName). */
function handlerBase(handler: string): string {
  return handler.trim().replace(/[Hh]andler$/, '') || handler;
}

/** Middleware `Foo` or `FooMiddleware` → factory createFooMiddleware in middleware/foo.ts. */
export function middlewarePlan(name: string): MiddlewarePlan {
  const base = name.replace(/Middleware$/, '') || name;
  return {
    name,
    factory: `create${pascalCase(base)}Middleware`,
    file: `middleware/${kebabCase(base)}.ts`,
  };
}

/** Plan every route; problems (unknown path fields…) go to `problems`. */
export function planApi(
  spec: ApiSpec,
  schemas: ContractSchemas,
  problems: SchemaProblem[],
): ApiPlan {
  const routes: RoutePlan[] = [];
  const groups: GroupPlan[] = [];
  const used = new Set<string>();
  for (const group of spec.groups) {
    const plans: RoutePlan[] = [];
    for (const route of group.routes) {
      const base = handlerBase(route.handler);
      const groupDir = route.group ? route.group.split('/').map(kebabCase).join('/') : '';
      const fileBase = kebabCase(base);
      const rel = groupDir ? `${groupDir}/${fileBase}` : fileBase;
      let handlerFn = `${camelCase(base)}Handler`;
      if (used.has(handlerFn))
        handlerFn = `${camelCase(`${groupDir.replace(/\//g, '-')}-${fileBase}`)}Handler`;
      let n = 2;
      while (used.has(handlerFn)) handlerFn = `${camelCase(base)}Handler${n++}`;
      used.add(handlerFn);
      const plan: RoutePlan = {
        ...routeParts(route, schemas, problems),
        groupDir,
        fileBase,
        logicClass: `${pascalCase(base)}Logic`,
        logicMethod: camelCase(base),
        handlerFn,
        handlerFile: `handler/${rel}.gen.ts`,
        logicFile: `logic/${rel}.ts`,
      };
      plans.push(plan);
      routes.push(plan);
    }
    groups.push({ group, routes: plans });
  }
  const mwNames = [...new Set(spec.groups.flatMap((g) => g.middleware))];
  const jwtNames = [
    ...new Set(spec.groups.map((g) => g.jwt).filter((j): j is string => !!j)),
  ].filter((j) => j !== 'Auth');
  return { groups, routes, middleware: mwNames.map(middlewarePlan), jwtNames };
}

/** Relative import specifier from one src/ file to another (both relative to src/), `.js` ending. */
export function importPath(fromFile: string, toFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.replace(/\.ts$/, '.js').split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  const up = from.length - i;
  const rest = to.slice(i).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

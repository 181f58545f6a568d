// One service folder from its contracts: the `.api` (HTTP routes) and the `.proto` files (gRPC)
// together, because both share the service shell (server.gen.ts, config, context, main). This is
// what `vigilctl api ts`, `vigilctl rpc ts` and `vigilctl gen` run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { loadApi } from '../api/load.js';
import { formatDiagnostic, type ApiDiagnostic } from '../api/diagnostics.js';
import { clientFile } from './client/client-file.js';
import { openApiDocument } from './openapi/openapi.js';
import { openApiFile, openApiPath } from './openapi/openapi-file.js';
import { loadProtoModel, type ProtoModel } from './rpc/proto-model.js';
import { rpcClientFile, rpcLogicFile, rpcServerFile } from './rpc/rpc-files.js';
import { planRpc, rpcTypesPath } from './rpc/rpc-plan.js';
import { rpcTypesFile } from './rpc/types-file.js';
import type { SchemaProblem } from './schema/build-schema.js';
import { generateApiTs } from './ts/generate-api.js';
import { serviceScaffolds } from './ts/scaffold-service.js';
import { serverFile } from './ts/server-file.js';
import { writeFiles, type GeneratedFile, type WriteReport } from './write-files.js';

/** Inputs of {@link generateService}. */
export interface ServiceGenOptions {
  /** The service folder (`services/patient`); its name names the service. */
  dir: string;
  /** The `.api` contract; default: the one `.api` file in `dir` (or `<name>.api`). */
  api?: string;
  /** `.proto` files; default: every `.proto` file in `dir`. */
  protos?: string[];
  /** Ports and start order for a new service's package.json and etc/<name>.yaml. */
  httpPort?: number;
  grpcPort?: number;
  order?: number;
}

/** Result of {@link generateService}: `files` is empty when there are errors. */
export interface ServiceGenResult {
  files: GeneratedFile[];
  /** Diagnostics, `file:line:col: message`, warnings prefixed with `warning: `. */
  messages: string[];
  failed: boolean;
  /** Folders whose stale `*.gen.ts` files belong to this service's generation. */
  ownedDirs: string[];
}

function listContracts(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

/** The `.api` of a service folder: `<name>.api`, else the only `.api` file; undefined if none. */
export function findApi(dir: string): string | undefined {
  const apis = listContracts(dir, '.api');
  const own = join(dir, `${basename(resolve(dir))}.api`);
  if (apis.includes(own)) return own;
  if (apis.length > 1)
    throw new Error(`${dir}: several .api files; pass --api or name one ${basename(own)}`);
  return apis[0];
}

function findRepoRoot(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    if (existsSync(join(d, 'tsconfig.base.json')) && existsSync(join(d, 'packages', 'core')))
      return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

function existingVigilField(dir: string): { httpPort?: number; grpcPort?: number; order?: number } {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return {};
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
    vigil?: { httpPort?: number; grpcPort?: number; order?: number };
  };
  return pkg.vigil ?? {};
}

function problemText(p: SchemaProblem): string {
  const where = p.pos ? `${p.pos.file}:${p.pos.line}:${p.pos.col}: ` : '';
  return `${where}${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

function diagText(d: ApiDiagnostic): string {
  return d.severity === 'warning'
    ? formatDiagnostic(d).replace(/: /, ': warning: ')
    : formatDiagnostic(d);
}

/** Every file of the service folder, generated and once-only (paths relative to `dir`). */
export async function generateService(o: ServiceGenOptions): Promise<ServiceGenResult> {
  const dir = o.dir;
  const name = basename(resolve(dir));
  const messages: string[] = [];
  const fail = (): ServiceGenResult => ({ files: [], messages, failed: true, ownedDirs: [] });
  const apiFile = o.api ?? findApi(dir);
  const protoFiles = o.protos ?? listContracts(dir, '.proto');
  if (!apiFile && !protoFiles.length) {
    messages.push(`${dir}: no .api or .proto contract`);
    return fail();
  }
  const files: GeneratedFile[] = [];
  const ownedDirs: string[] = [];
  let jwtNames: string[] = [];
  let contractName = name;
  if (apiFile) {
    const { spec, diagnostics } = await loadApi(apiFile);
    messages.push(...diagnostics.map(diagText));
    if (!spec) return fail();
    const api = generateApiTs(spec);
    messages.push(...api.problems.map(problemText));
    if (api.problems.some((p) => p.severity === 'error')) return fail();
    // The served document's path belongs to the generated server: a contract route there would
    // make Fastify refuse to start, so say so at generation time instead.
    const taken = spec.routes.find(
      (r) => (r.method === 'GET' || r.method === 'HEAD') && r.path === openApiPath(name),
    );
    if (taken) {
      const p = taken.pos;
      messages.push(
        `${p.file}:${p.line}:${p.col}: ${taken.method} ${taken.path} is reserved for the service's OpenAPI document`,
      );
      return fail();
    }
    files.push(
      ...api.files,
      {
        path: 'src/client.gen.ts',
        content: clientFile(spec, api.schemas, api.plan),
        kind: 'generated',
      },
      {
        path: 'src/openapi.gen.ts',
        content: openApiFile(name, openApiDocument(spec, api.schemas, api.plan)),
        kind: 'generated',
      },
    );
    ownedDirs.push('src/handler');
    jwtNames = [...new Set(spec.groups.map((g) => g.jwt).filter((j): j is string => !!j))].sort();
    contractName = spec.service || name;
  }
  const models: ProtoModel[] = [];
  for (const p of protoFiles) {
    try {
      models.push(loadProtoModel(p));
    } catch (err) {
      messages.push(`${p}: ${err instanceof Error ? err.message : String(err)}`);
      return fail();
    }
  }
  if (models.length) {
    const { methods, skipped } = planRpc(models);
    for (const s of skipped)
      messages.push(`warning: ${s} is a streaming method; no logic is generated for it`);
    for (const m of models)
      files.push({ path: `src/${rpcTypesPath(m)}`, content: rpcTypesFile(m), kind: 'generated' });
    files.push(
      { path: 'src/rpc/server.gen.ts', content: rpcServerFile(models, methods), kind: 'generated' },
      { path: 'src/rpc/client.gen.ts', content: rpcClientFile(models), kind: 'generated' },
      ...methods.map((m): GeneratedFile => ({
        path: `src/${m.logicFile}`,
        content: rpcLogicFile(m),
        kind: 'scaffold',
      })),
    );
    ownedDirs.push('src/rpc');
    if (!apiFile) contractName = models[0]?.services[0]?.name ?? name;
  }
  files.push({
    path: 'src/server.gen.ts',
    content: serverFile({ name, routes: apiFile !== undefined, rpc: models.length > 0 }),
    kind: 'generated',
  });
  const existing = existingVigilField(dir);
  const httpPort = o.httpPort ?? existing.httpPort;
  const grpcPort = models.length ? (o.grpcPort ?? existing.grpcPort) : undefined;
  const needsPorts =
    !existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'etc', `${name}.yaml`));
  if (needsPorts && (httpPort === undefined || (models.length > 0 && grpcPort === undefined))) {
    messages.push(`${dir}: a new service needs --port${models.length ? ' and --grpc-port' : ''}`);
    return fail();
  }
  const root = findRepoRoot(dir);
  const rel = (f: string) => relative(resolve(dir), resolve(f)).split(sep).join('/');
  files.push(
    ...serviceScaffolds({
      name,
      contractName,
      contracts: [...(apiFile ? [rel(apiFile)] : []), ...protoFiles.map(rel)],
      httpPort: httpPort ?? 0,
      grpcPort,
      order: o.order ?? existing.order ?? 50,
      jwtNames,
      repoRoot: root ? relative(resolve(dir), root).split(sep).join('/') || '.' : undefined,
    }),
  );
  return { files, messages, failed: false, ownedDirs };
}

/** Generate and write (or, with `check`, compare) one service folder. */
export async function runServiceGen(
  o: ServiceGenOptions,
  check = false,
): Promise<ServiceGenResult & { report?: WriteReport }> {
  const result = await generateService(o);
  if (result.failed) return result;
  const report = await writeFiles(o.dir, result.files, { check, ownedDirs: result.ownedDirs });
  return { ...result, report };
}

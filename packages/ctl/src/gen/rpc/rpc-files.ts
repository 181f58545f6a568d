// src/rpc/server.gen.ts (registers every service, each method calling its logic), the client
// factories (src/rpc/client.gen.ts, or one standalone file for another service) and the logic
// files created once.
import { basename } from 'node:path';
import { importPath } from '../ts/api-plan.js';
import { tsDoc } from '../naming.js';
import { GENERATED_HEADER } from '../write-files.js';
import type { ProtoModel } from './proto-model.js';
import type { RpcMethodPlan } from './rpc-plan.js';
import { rpcTypesPath } from './rpc-plan.js';
import { rpcTypesFile } from './types-file.js';

/** The content of `src/rpc/server.gen.ts`. */
export function rpcServerFile(models: ProtoModel[], methods: RpcMethodPlan[]): string {
  const from = 'rpc/server.gen.ts';
  const imports = [
    "import type { RpcServer } from '@vigil/core';",
    `import type { ServiceContext } from '${importPath(from, 'svc/context.ts')}';`,
    ...methods.map((m) => `import { ${m.logicClass} } from '${importPath(from, m.logicFile)}';`),
    ...models
      .filter((m) => m.services.length)
      .map(
        (m) =>
          `import { ${m.services.map((s) => s.name).join(', ')} } from '${importPath(from, rpcTypesPath(m))}';`,
      ),
  ];
  const body: string[] = [];
  for (const model of models) {
    for (const s of model.services) {
      body.push(`  rpc.addService(${s.name}.service, {`);
      for (const m of methods.filter((x) => x.service === s)) {
        body.push(
          `    ${m.method.name}: (req, ctx) => new ${m.logicClass}(ctx, svc).${m.logicMethod}(req),`,
        );
      }
      body.push('  });');
    }
  }
  return [
    GENERATED_HEADER,
    ...imports,
    '',
    `/** Registers the gRPC services of ${models.map((m) => basename(m.file)).join(', ')}; each method runs its logic. */`,
    'export function registerRpcServices(rpc: RpcServer, svc: ServiceContext): void {',
    ...body,
    '}',
    '',
  ].join('\n');
}

function clientFunctions(model: ProtoModel): string[] {
  const out: string[] = [];
  for (const s of model.services) {
    out.push(
      `/** A client of ${s.fullName}: per-replica breakers, deadlines, trace and auth forwarded. */`,
      `export function create${s.name}Client(`,
      '  config: RpcClientConfigInput,',
      '  options: RpcClientOptions,',
      `): RpcClient<${s.name}Definition> {`,
      `  return createRpcClient(${s.name}, config, options);`,
      '}',
      '',
    );
  }
  return out;
}

const CLIENT_IMPORT =
  "import { createRpcClient, type RpcClient, type RpcClientConfigInput, type RpcClientOptions } from '@vigil/core';";

/** The content of `src/rpc/client.gen.ts`: client factories over the types files. */
export function rpcClientFile(models: ProtoModel[]): string {
  const from = 'rpc/client.gen.ts';
  return [
    GENERATED_HEADER,
    CLIENT_IMPORT,
    ...models
      .filter((m) => m.services.length)
      .map((m) => {
        const names = m.services.flatMap((s) => [s.name, `type ${s.name}Definition`]);
        return `import { ${names.join(', ')} } from '${importPath(from, rpcTypesPath(m))}';`;
      }),
    '',
    ...models.flatMap(clientFunctions),
  ]
    .join('\n')
    .trimEnd()
    .concat('\n');
}

/** One self-contained client file (types, descriptor, factories) for another service's use. */
export function rpcStandaloneClientFile(model: ProtoModel): string {
  const [header = '', ...rest] = rpcTypesFile(model).split('\n');
  return [header, CLIENT_IMPORT, ...rest, ...clientFunctions(model)]
    .join('\n')
    .trimEnd()
    .concat('\n');
}

/** The content of a method's logic file (created once). */
export function rpcLogicFile(m: RpcMethodPlan): string {
  const types = [m.requestType, m.responseType].filter(
    (t) => t !== 'unknown' && t !== 'unknown__Output',
  );
  return [
    '// Safe to edit: created once by vigilctl, never overwritten. Logic of rpc',
    `// ${m.service.fullName}.${m.method.name}.`,
    "import { AppError, type RpcContext } from '@vigil/core';",
    `import type { ServiceContext } from '${importPath(m.logicFile, 'svc/context.ts')}';`,
    ...(types.length
      ? [
          `import type { ${[...new Set(types)].sort().join(', ')} } from '${importPath(m.logicFile, m.typesFile)}';`,
        ]
      : []),
    '',
    `${tsDoc(m.method.comment || `${m.method.name}.`)}export class ${m.logicClass} {`,
    '  constructor(',
    '    private readonly ctx: RpcContext,',
    '    private readonly svc: ServiceContext,',
    '  ) {}',
    '',
    `  async ${m.logicMethod}(_req: ${m.requestType}): Promise<${m.responseType}> {`,
    `    throw new AppError('NOT_IMPLEMENTED', '${m.method.name} is not implemented yet');`,
    '  }',
    '}',
    '',
  ].join('\n');
}

// src/server.gen.ts: wires the generated routes and RPC services to @vigil/core's servers
// (goctl's main: rest.MustNewServer + handler.RegisterHandlers, zrpc.MustNewServer). main.ts,
// which a person owns, calls createService; this file follows the contracts when they change.
import { GENERATED_HEADER } from '../write-files.js';

/** What the service has: HTTP routes from an `.api`, gRPC services from `.proto` files. */
export interface ServiceShape {
  name: string;
  routes: boolean;
  rpc: boolean;
}

/** The content of `src/server.gen.ts`. */
export function serverFile(shape: ServiceShape): string {
  const core = ['createAdaptiveShedder', 'createRestServer'];
  if (shape.rpc) core.push('createRpcServer');
  const types = ['type RestServer', ...(shape.rpc ? ['type RpcServer'] : [])];
  return [
    GENERATED_HEADER,
    `import { ${[...core, ...types].join(', ')} } from '@vigil/core';`,
    "import type { Config } from './config.js';",
    ...(shape.routes
      ? [
          "import { OPENAPI_PATH, openApiDocument } from './openapi.gen.js';",
          "import { authBlocks, registerRoutes } from './routes.gen.js';",
        ]
      : []),
    ...(shape.rpc ? ["import { registerRpcServices } from './rpc/server.gen.js';"] : []),
    "import type { ServiceContext } from './svc/context.js';",
    '',
    `/** The ${shape.name} service: HTTP (routes${shape.routes ? ', openapi.json' : ''}, /healthz, /readyz, /metrics)${shape.rpc ? ' and gRPC' : ''}. */`,
    'export interface Service {',
    '  readonly http: RestServer;',
    ...(shape.rpc ? ['  readonly rpc: RpcServer;'] : []),
    `  /** Listens${shape.rpc ? ' on both ports' : ''}; SIGTERM/SIGINT then stop gracefully. */`,
    '  start(): Promise<void>;',
    '}',
    '',
    '/** Builds the servers from the config and the service context; nothing listens yet. */',
    'export function createService(config: Config, svc: ServiceContext): Service {',
    '  const http = createRestServer(config, {',
    '    logger: svc.logger,',
    '    shedder:',
    '      config.CpuThreshold > 0',
    '        ? createAdaptiveShedder({ cpuThreshold: config.CpuThreshold })',
    '        : undefined,',
    ...(shape.routes ? ['    auth: authBlocks(config),'] : []),
    '  });',
    '  // Closers run in reverse order: servers stop first, then the context releases its resources.',
    '  http.onClose(() => svc.close());',
    ...(shape.routes
      ? [
          '  registerRoutes(http, svc);',
          '  // The contract as OpenAPI 3.1, under the service prefix so the gateway proxy reaches it;',
          '  // a system route (no shedding, rate limit or access log) and public, like /healthz.',
          '  const openApiJson = JSON.stringify(openApiDocument);',
          '  http.app.get(OPENAPI_PATH, { config: { system: true } }, async (_request, reply) =>',
          "    reply.type('application/json; charset=utf-8').send(openApiJson),",
          '  );',
        ]
      : []),
    ...(shape.rpc
      ? [
          '  const rpc = createRpcServer(config.Rpc, {',
          '    logger: svc.logger,',
          '    registry: http.registry,',
          '    service: config.Name,',
          '  });',
          '  registerRpcServices(rpc, svc);',
          '  http.onClose(() => rpc.shutdown(config.ShutdownTimeoutMs));',
        ]
      : []),
    '  return {',
    '    http,',
    ...(shape.rpc ? ['    rpc,'] : []),
    '    async start() {',
    ...(shape.rpc ? ['      await rpc.start();'] : []),
    '      await http.start();',
    '      http.handleSignals();',
    '    },',
    '  };',
    '}',
    '',
  ].join('\n');
}

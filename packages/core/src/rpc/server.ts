import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import {
  HealthImplementation,
  protoPath as healthProtoPath,
  type ServingStatus,
} from 'grpc-health-check';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { AppError } from '../errors/index.js';
import {
  createAdaptiveShedder,
  createNopShedder,
  registerShedderMetrics,
  type Shedder,
} from '../resilience/index.js';
import { createRpcAccessLog } from './access-log.js';
import { resolveRpcServerConfig, type RpcServerConfigInput } from './config.js';
import { createRpcServerMetrics } from './metrics.js';
import { packageDefinitionOf, PROTO_LOADER_OPTIONS } from './proto.js';
import { wrapUnary, type UnaryHandler } from './server-handler.js';

/** Dependencies of {@link createRpcServer}. */
export interface RpcServerOptions {
  logger: Logger;
  /** Metrics go here when given (`vigil_rpc_server_duration_seconds`, `vigil_rpc_shed_total`). */
  registry?: Registry;
  /** This process's service name (`patient`), a metric label. */
  service: string;
  /** Admission control; default an adaptive shedder at the config's CpuThreshold (0 = none). */
  shedder?: Shedder;
}

/**
 * Handlers for the unary methods of a service definition, typed from it when the definition is
 * typed (proto-loader-gen-types); a method left out answers `UNIMPLEMENTED`.
 */
export type RpcServiceImpl<TDef> = {
  [K in keyof TDef]?: TDef[K] extends {
    requestDeserialize: (bytes: Buffer) => infer TReq;
    responseSerialize: (value: infer TRes) => Buffer;
  }
    ? UnaryHandler<TReq, TRes>
    : never;
};

/** A gRPC server with Vigil's interceptor chain, health and reflection. */
export interface RpcServer {
  /** Registers a service; every method of `impl` must be a unary method of `definition`. */
  addService<TDef extends grpc.ServiceDefinition>(
    definition: TDef,
    impl: RpcServiceImpl<TDef>,
  ): void;
  /** Binds ListenOn and starts serving; resolves with the bound port (useful with port 0). */
  start(): Promise<{ port: number }>;
  /**
   * Reports NOT_SERVING on the health service, lets calls in flight finish for up to `timeoutMs`
   * (default 5000, go-zero's shutdown wait is 5.5 s), then cuts the rest.
   */
  shutdown(timeoutMs?: number): Promise<void>;
  /** Sets one service's health status (`''` is the whole server). */
  setServing(serviceName: string, serving: boolean): void;
}

/** The fully qualified service name of a definition, from a method path `/pkg.Service/Method`. */
export function serviceNameOf(definition: grpc.ServiceDefinition): string {
  const first = Object.values(definition)[0];
  return first ? (first.path.split('/')[1] ?? '') : '';
}

/**
 * Creates a zrpc-style server (go-zero zrpc/server.go): unary handlers run inside the chain of
 * {@link wrapUnary}; the standard health service (grpc.health.v1) and server reflection are
 * added unless switched off in the config.
 */
export function createRpcServer(
  configInput: RpcServerConfigInput,
  options: RpcServerOptions,
): RpcServer {
  const config = resolveRpcServerConfig(configInput);
  const { logger } = options;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': config.MaxMessageBytes,
    'grpc.max_send_message_length': config.MaxMessageBytes,
  });
  const shedder =
    options.shedder ??
    (config.CpuThreshold > 0
      ? createAdaptiveShedder({ cpuThreshold: config.CpuThreshold })
      : createNopShedder());
  const metricsFor = createRpcServerMetrics(options.registry, options.service);
  if (options.registry) registerShedderMetrics(options.registry, options.service, 'rpc', shedder);
  const deps = {
    logger,
    shedder,
    timeoutMs: config.Timeout,
    slowMs: config.SlowThresholdMs,
    accessLog: config.AccessLog ? createRpcAccessLog(logger) : undefined,
  };
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  const serviceNames: string[] = [];
  const packages = new Set<protoLoader.PackageDefinition>();
  let started = false;

  function setStatus(name: string, status: ServingStatus): void {
    health.setStatus(name, status);
  }

  return {
    addService(definition, impl) {
      if (started) throw new AppError('INTERNAL', 'addService after start');
      const wrapped: grpc.UntypedServiceImplementation = {};
      for (const [name, handler] of Object.entries(impl as Record<string, UnaryHandler>)) {
        const method = definition[name];
        if (!method) throw new AppError('INTERNAL', `${name} is not a method of the service`);
        if (method.requestStream || method.responseStream) {
          throw new AppError(
            'INTERNAL',
            `${method.path} is a streaming method; the Vigil RPC server serves unary methods only`,
          );
        }
        wrapped[name] = wrapUnary(method.path, handler, {
          ...deps,
          metrics: metricsFor(method.path),
        });
      }
      server.addService(definition, wrapped);
      serviceNames.push(serviceNameOf(definition));
      const pkg = packageDefinitionOf(definition);
      if (pkg) packages.add(pkg);
    },

    async start() {
      if (config.Health) health.addToServer(server);
      if (config.Reflection) {
        // The health proto joins the reflected set so grpcurl/Postman list it too.
        const merged: protoLoader.PackageDefinition = Object.assign(
          {},
          config.Health ? protoLoader.loadSync(healthProtoPath, PROTO_LOADER_OPTIONS) : {},
          ...packages,
        );
        new ReflectionService(merged).addToServer(server);
      }
      const port = await new Promise<number>((resolve, reject) => {
        server.bindAsync(config.ListenOn, grpc.ServerCredentials.createInsecure(), (err, p) =>
          err
            ? reject(
                new AppError('UNAVAILABLE', `cannot listen on ${config.ListenOn}`, { cause: err }),
              )
            : resolve(p),
        );
      });
      started = true;
      setStatus('', 'SERVING');
      for (const name of serviceNames) setStatus(name, 'SERVING');
      logger.info(
        { listenOn: config.ListenOn, port, services: serviceNames },
        'rpc server started',
      );
      return { port };
    },

    async shutdown(timeoutMs = 5000) {
      setStatus('', 'NOT_SERVING');
      for (const name of serviceNames) setStatus(name, 'NOT_SERVING');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn({ timeoutMs }, 'rpc server shutdown timed out; cancelling calls in flight');
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },

    setServing(serviceName, serving) {
      setStatus(serviceName, serving ? 'SERVING' : 'NOT_SERVING');
    },
  };
}

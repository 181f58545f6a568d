import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { AppError } from '../errors/index.js';
import { BreakerRegistry } from '../resilience/index.js';
import { resolveRpcClientConfig, type RpcClientConfigInput } from './config.js';
import { createRpcClientMetrics } from './metrics.js';
import { createUnaryCaller, type Endpoint, type RpcCallOptions } from './client-call.js';

/** Dependencies of {@link createRpcClient}. */
export interface RpcClientOptions {
  logger: Logger;
  /** Metrics go here when given (`vigil_rpc_client_duration_seconds`, breaker metrics). */
  registry?: Registry;
  /** The calling process's service name (`gateway`), a metric label. */
  service: string;
  /** Where breakers come from; default a registry private to this client. */
  breakers?: BreakerRegistry;
}

/** The unary methods of a service definition as promise-returning functions. */
export type RpcMethods<TDef> = {
  [K in keyof TDef]: TDef[K] extends {
    requestSerialize: (value: infer TReq) => Buffer;
    responseDeserialize: (bytes: Buffer) => infer TRes;
  }
    ? (request: TReq, options?: RpcCallOptions) => Promise<TRes>
    : never;
};

/** A client of one service: its unary methods plus connection management. */
export type RpcClient<TDef> = RpcMethods<TDef> & {
  /** Resolves once every channel is connected; rejects with `UNAVAILABLE` after `timeoutMs`. */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Closes every channel; calls in flight are cancelled. */
  close(): void;
};

function channelOptions(config: {
  KeepaliveMs: number;
  MaxMessageBytes: number;
}): grpc.ChannelOptions {
  const options: grpc.ChannelOptions = {
    'grpc.max_receive_message_length': config.MaxMessageBytes,
    'grpc.max_send_message_length': config.MaxMessageBytes,
  };
  if (config.KeepaliveMs > 0) {
    options['grpc.keepalive_time_ms'] = config.KeepaliveMs;
    options['grpc.keepalive_timeout_ms'] = 20_000;
  }
  return options;
}

/**
 * Creates a zrpc-style client (go-zero zrpc/client.go) for the service whose constructor or
 * definition is given. With `Endpoints`, one channel per replica and our own round-robin: each
 * replica has its own breaker, so a failing replica is cut out while healthy ones keep serving
 * (one grpc-js `round_robin` channel hides which replica answered, so its breaker could only
 * cover all replicas at once). With `Target` (e.g. `dns:///patient:9002`), grpc-js resolves and
 * balances (`round_robin`) over one channel and one breaker guards the target.
 * Every call: deadline = min(now + Timeout, the inbound request's deadline), `traceparent` and
 * `authorization` forwarded, errors mapped back to catalog AppErrors.
 */
export function createRpcClient<TDef extends grpc.ServiceDefinition>(
  service: { service: TDef },
  configInput: RpcClientConfigInput,
  options: RpcClientOptions,
): RpcClient<TDef> {
  const config = resolveRpcClientConfig(configInput);
  const breakers = config.Breaker ? (options.breakers ?? new BreakerRegistry()) : undefined;
  const channel = channelOptions(config);
  const endpoints: Endpoint[] = [];
  if (config.Endpoints) {
    for (const address of config.Endpoints) {
      endpoints.push({
        target: address,
        client: new grpc.Client(address, grpc.credentials.createInsecure(), channel),
      });
    }
  } else if (config.Target) {
    const client = new grpc.Client(config.Target, grpc.credentials.createInsecure(), {
      ...channel,
      'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    });
    endpoints.push({ target: config.Target, client });
  }
  const deps = {
    endpoints,
    breakers,
    metricsFor: createRpcClientMetrics(options.registry, options.service),
    logger: options.logger,
    timeoutMs: config.Timeout,
    waitForReady: !config.NonBlock,
    // Start at a random replica so many clients created at once do not all hit the first one.
    next: Math.floor(Math.random() * endpoints.length),
  };

  const result: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service.service)) {
    // Streaming methods are not wrapped; use grpc-js directly for them.
    if (method.requestStream || method.responseStream) continue;
    result[name] = createUnaryCaller(method, deps);
  }
  Object.defineProperties(result, {
    waitForReady: {
      enumerable: false,
      value: (timeoutMs: number = config.Timeout): Promise<void> =>
        Promise.all(
          endpoints.map(
            (e) =>
              new Promise<void>((resolve, reject) =>
                e.client.waitForReady(Date.now() + timeoutMs, (err) =>
                  err ? reject(unreachable(e.target, err)) : resolve(),
                ),
              ),
          ),
        ).then(() => undefined),
    },
    close: {
      enumerable: false,
      value: () => {
        for (const e of endpoints) e.client.close();
      },
    },
  });
  return result as RpcClient<TDef>;
}

function unreachable(target: string, cause: Error): Error {
  return new AppError('UNAVAILABLE', `rpc target ${target} is not reachable`, { cause });
}

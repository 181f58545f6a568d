import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../errors/index.js';

/**
 * gRPC server settings a service nests in its YAML config (`Rpc:`), PascalCase like go-zero's
 * zrpc.RpcServerConf (zrpc/config.go). Defaults live only here.
 */
export const RpcServerConfigSchema = Type.Object(
  {
    ListenOn: Type.String({
      default: '0.0.0.0:9000',
      pattern: '^.+:[0-9]{1,5}$',
      description: 'host:port to listen on; port 0 picks a free port (tests)',
    }),
    Timeout: Type.Integer({
      default: 2000,
      minimum: 0,
      description:
        'Longest a call may run, ms, even if the caller allows more (go-zero: 2000); 0 = only ' +
        "the caller's deadline applies",
    }),
    CpuThreshold: Type.Integer({
      default: 900,
      minimum: 0,
      maximum: 999,
      description:
        'Load (per-mille of the event loop) above which adaptive shedding may drop calls ' +
        '(go-zero: 900); 0 turns shedding off',
    }),
    Health: Type.Boolean({
      default: true,
      description: 'Serve the standard grpc.health.v1.Health service',
    }),
    Reflection: Type.Boolean({
      default: true,
      description: 'Serve gRPC server reflection (grpcurl, Postman list the methods)',
    }),
    MaxMessageBytes: Type.Integer({
      default: 4 * 1024 * 1024,
      minimum: 1024,
      description: 'Largest message received or sent, bytes (gRPC default: 4 MiB)',
    }),
    SlowThresholdMs: Type.Integer({
      default: 500,
      minimum: 0,
      description: 'Calls slower than this are logged at warn level (go-zero zrpc: 500 ms)',
    }),
    AccessLog: Type.Boolean({
      default: true,
      description: 'Log one line per call (method, code, duration, peer); slow calls always log',
    }),
  },
  { additionalProperties: false },
);

/** Validated gRPC server settings; see {@link RpcServerConfigSchema}. */
export type RpcServerConfig = Static<typeof RpcServerConfigSchema>;

/**
 * gRPC client settings (go-zero zrpc.RpcClientConf): either `Endpoints` (a static list of
 * host:port replicas, round-robin with one breaker each) or `Target` (a gRPC target URI such as
 * `dns:///patient:9002`, resolved and balanced by grpc-js).
 */
export const RpcClientConfigSchema = Type.Object(
  {
    Endpoints: Type.Optional(
      Type.Array(Type.String({ pattern: '^.+:[0-9]{1,5}$' }), {
        minItems: 1,
        description: 'host:port of each replica',
      }),
    ),
    Target: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'gRPC target URI, e.g. dns:///patient:9002 (re-resolved by grpc-js)',
      }),
    ),
    Timeout: Type.Integer({
      default: 2000,
      minimum: 1,
      description:
        "Default deadline of a call, ms (go-zero: 2000); an inbound request's remaining time " +
        'shortens it',
    }),
    NonBlock: Type.Boolean({
      default: true,
      description:
        'true: a call fails fast with UNAVAILABLE while the server is unreachable; false: a call ' +
        'waits (within its deadline) for the connection',
    }),
    Breaker: Type.Boolean({
      default: true,
      description: 'Guard each target and method with a Google SRE adaptive breaker',
    }),
    KeepaliveMs: Type.Integer({
      default: 20_000,
      minimum: 0,
      description: 'HTTP/2 keepalive ping interval, ms (go-zero: 20 s); 0 = no pings',
    }),
    MaxMessageBytes: Type.Integer({
      default: 4 * 1024 * 1024,
      minimum: 1024,
      description: 'Largest message received or sent, bytes',
    }),
  },
  { additionalProperties: false },
);

/** Validated gRPC client settings; see {@link RpcClientConfigSchema}. */
export type RpcClientConfig = Static<typeof RpcClientConfigSchema>;

/** A config object as written by hand: every key with a default may be left out. */
export type RpcServerConfigInput = Partial<RpcServerConfig>;
/** A client config as written by hand: every key with a default may be left out. */
export type RpcClientConfigInput = Partial<RpcClientConfig>;

/**
 * Fills the schema's defaults into a copy of `input` and validates it, failing fast with the bad
 * key named. Idempotent, so a config already loaded by the config module passes through.
 */
export function resolveConfig<T extends TSchema>(
  schema: T,
  input: unknown,
  what: string,
): Static<T> {
  const value: unknown = Value.Default(schema, Value.Clone(input ?? {}));
  if (Value.Check(schema, value)) return value;
  const first = Value.Errors(schema, value).First();
  throw new AppError(
    'INTERNAL',
    `invalid ${what} config at ${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
  );
}

/** Server config with defaults applied; see {@link RpcServerConfigSchema}. */
export function resolveRpcServerConfig(input: RpcServerConfigInput = {}): RpcServerConfig {
  return resolveConfig(RpcServerConfigSchema, input, 'rpc server');
}

/** Client config with defaults applied; exactly one of Endpoints or Target must be set. */
export function resolveRpcClientConfig(input: RpcClientConfigInput): RpcClientConfig {
  const config = resolveConfig(RpcClientConfigSchema, input, 'rpc client');
  if ((config.Endpoints === undefined) === (config.Target === undefined)) {
    throw new AppError(
      'INTERNAL',
      'invalid rpc client config: set exactly one of Endpoints or Target',
    );
  }
  return config;
}

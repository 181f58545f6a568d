import {
  Type,
  type ObjectOptions,
  type Static,
  type TObject,
  type TProperties,
} from '@sinclair/typebox';
import {
  AuthConfigSchema,
  LogConfigSchema,
  PrometheusConfigSchema,
  RateLimitConfigSchema,
  TelemetryConfigSchema,
} from './schemas.js';

/**
 * What every HTTP service reads from `etc/<service>.yaml` (go-zero `rest.RestConf`, which embeds
 * `service.ServiceConf`). Compose a service's own config with {@link defineConfig}.
 */
export const RestConfigSchema = Type.Object(
  {
    Name: Type.String({ minLength: 1, description: 'Service name: logs, metrics, traces.' }),
    Host: Type.String({ minLength: 1, default: '0.0.0.0', description: 'Address to listen on.' }),
    Port: Type.Integer({ minimum: 1, maximum: 65535, description: 'HTTP port.' }),
    Mode: Type.Union(
      [Type.Literal('dev'), Type.Literal('test'), Type.Literal('pre'), Type.Literal('pro')],
      {
        default: 'pro',
        description: 'go-zero service mode; dev/test relax nothing security-wise.',
      },
    ),
    Log: LogConfigSchema,
    Telemetry: TelemetryConfigSchema,
    Prometheus: PrometheusConfigSchema,
    Auth: Type.Optional(AuthConfigSchema),
    Timeout: Type.Integer({
      minimum: 0,
      default: 3000,
      description: 'Per-request timeout, ms; 0 = none (go-zero RestConf.Timeout).',
    }),
    MaxBytes: Type.Integer({
      minimum: 1,
      default: 1048576,
      description: 'Largest request body, bytes (1 MiB, go-zero).',
    }),
    MaxConns: Type.Integer({
      minimum: 0,
      default: 10000,
      description: 'Concurrent requests before 503; 0 = unlimited (go-zero).',
    }),
    CpuThreshold: Type.Integer({
      minimum: 0,
      maximum: 999,
      default: 900,
      description: 'Load-shedding threshold, per mille of busy (go-zero range [0:1000); 0 = off).',
    }),
    RateLimit: RateLimitConfigSchema,
    ShutdownTimeoutMs: Type.Integer({
      minimum: 0,
      default: 10000,
      description: 'Grace period for in-flight requests on SIGTERM, ms.',
    }),
  },
  { additionalProperties: false },
);
/** A loaded REST service config, defaults filled. */
export type RestConfig = Static<typeof RestConfigSchema>;

/** The properties every service config starts from. */
export type RestConfigProperties = (typeof RestConfigSchema)['properties'];

/**
 * A service's config schema: {@link RestConfigSchema}'s keys plus the service's own blocks, as ONE
 * strict object schema (the single source of the type, the defaults and the validation). A key
 * given here replaces the REST one, e.g. to change a default:
 *
 * ```ts
 * export const ConfigSchema = defineConfig({ Database: DatabaseConfigSchema });
 * export type Config = Static<typeof ConfigSchema>;
 * ```
 */
export function defineConfig<T extends TProperties>(
  properties: T,
  options?: ObjectOptions,
): TObject<Omit<RestConfigProperties, keyof T> & T> {
  const merged = { ...RestConfigSchema.properties, ...properties } as Omit<
    RestConfigProperties,
    keyof T
  > &
    T;
  return Type.Object(merged, { additionalProperties: false, ...options });
}

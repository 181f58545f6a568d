// Safe to edit: created once by vigilctl, never overwritten. The patient service's config
// schema: go-zero's RestConf keys (Name, Host, Port, Log, Timeout…) plus this service's blocks.
import { Type, type Static } from '@sinclair/typebox';
import {
  AuthConfigSchema,
  CacheConfigSchema,
  DatabaseConfigSchema,
  defineConfig,
  RpcServerConfigSchema,
  ServiceQueueConfigSchema,
} from '@vigil/core';

/** How the service runs: `embedded` migrates and seeds the demo trial at start-up. */
export const VigilModeSchema = Type.Union([Type.Literal('embedded'), Type.Literal('production')], {
  default: 'production',
  description:
    'embedded (one machine: migrations and the demo trial at start-up) or production ' +
    '(`vigil migrate` beforehand, no demo data).',
});

/** The run mode. */
export type VigilMode = Static<typeof VigilModeSchema>;

/** Everything etc/patient.yaml may hold; validated once at start-up. */
export const ConfigSchema = defineConfig({
  /** How tokens are verified, on HTTP routes and on gRPC calls: identity's JWKS. */
  Auth: AuthConfigSchema,
  Database: DatabaseConfigSchema,
  /** Patient records and trial/site lists, cache-aside; `Redis` absent = in-process. */
  Cache: CacheConfigSchema,
  VigilMode: VigilModeSchema,
  Rpc: RpcServerConfigSchema,
  /** Where the outbox relay publishes `patient.enrolled`: see ServiceQueueConfigSchema. */
  Queue: ServiceQueueConfigSchema,
});
/** The loaded config, defaults filled. */
export type Config = Static<typeof ConfigSchema>;

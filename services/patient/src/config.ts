// Safe to edit: created once by vigilctl, never overwritten. The patient service's config
// schema: go-zero's RestConf keys (Name, Host, Port, Log, Timeout…) plus this service's blocks.
import type { Static } from '@sinclair/typebox';
import { AuthConfigSchema, defineConfig, RpcServerConfigSchema } from '@vigil/core';

/** Everything etc/patient.yaml may hold; validated once at start-up. */
export const ConfigSchema = defineConfig({
  Auth: AuthConfigSchema,
  Rpc: RpcServerConfigSchema,
});
/** The loaded config, defaults filled. */
export type Config = Static<typeof ConfigSchema>;

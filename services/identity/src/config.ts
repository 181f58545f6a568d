// Safe to edit: created once by vigilctl, never overwritten. The identity service's config
// schema: go-zero's RestConf keys (Name, Host, Port, Log, Timeout…) plus this service's blocks.
import type { Static } from '@sinclair/typebox';
import {
  AuthConfigSchema,
  DatabaseConfigSchema,
  defineConfig,
  RpcServerConfigSchema,
} from '@vigil/core';
import { IdentityConfigSchema, VigilModeSchema } from './identity-config.js';

/** Everything etc/identity.yaml may hold; validated once at start-up. */
export const ConfigSchema = defineConfig({
  /** How identity verifies the tokens of its own `jwt: Auth` routes: its own JWKS. */
  Auth: AuthConfigSchema,
  Database: DatabaseConfigSchema,
  Identity: IdentityConfigSchema,
  VigilMode: VigilModeSchema,
  Rpc: RpcServerConfigSchema,
});
/** The loaded config, defaults filled. */
export type Config = Static<typeof ConfigSchema>;

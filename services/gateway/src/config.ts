import { defineConfig } from '@vigil/core';
import { Type, type Static } from '@sinclair/typebox';

/** One service behind the gateway: `/api/v1/<Name>/…` goes to `Url`. */
export const UpstreamSchema = Type.Object(
  {
    Name: Type.String({
      pattern: '^[a-z][a-z0-9-]*$',
      description: 'Service name; the path segment after /api/v1/.',
    }),
    Url: Type.String({
      pattern: '^https?://',
      description: 'Base URL of the service (HTTP port).',
    }),
    TimeoutMs: Type.Integer({
      minimum: 1,
      default: 10000,
      description: 'Upstream response timeout, ms.',
    }),
  },
  { additionalProperties: false },
);

export const ConfigSchema = defineConfig({
  Upstreams: Type.Array(UpstreamSchema, { minItems: 1 }),
});
export type Config = Static<typeof ConfigSchema>;
export type Upstream = Static<typeof UpstreamSchema>;

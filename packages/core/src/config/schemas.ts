import { Type, type Static } from '@sinclair/typebox';

// Config blocks shared by every service, after go-zero's ServiceConf / RestConf
// (core/service/serviceconf.go, rest/config.go). Keys are PascalCase like go-zero's YAML so its
// users feel at home; defaults live only here and units are in the key name or description.
// Every object is strict (additionalProperties: false): a misspelt key fails start-up. Blocks carry
// `default: {}` so an absent block is filled with its members' defaults.

const strict = { additionalProperties: false } as const;

/** Logging (go-zero `logx.LogConf`, reduced to what pino needs). */
export const LogConfigSchema = Type.Object(
  {
    Level: Type.Union(
      [
        Type.Literal('trace'),
        Type.Literal('debug'),
        Type.Literal('info'),
        Type.Literal('warn'),
        Type.Literal('error'),
        Type.Literal('fatal'),
        Type.Literal('silent'),
      ],
      { default: 'info', description: 'Lowest level written.' },
    ),
    Mode: Type.Union([Type.Literal('json'), Type.Literal('pretty')], {
      default: 'json',
      description: 'json: one JSON object per line (production); pretty: for a terminal.',
    }),
    SlowThresholdMs: Type.Integer({
      minimum: 0,
      default: 500,
      description: 'Requests slower than this many ms are logged as slow (go-zero: 500 ms).',
    }),
  },
  { ...strict, default: {} },
);
/** Logging settings, defaults filled. */
export type LogConfig = Static<typeof LogConfigSchema>;

/** OpenTelemetry tracing (go-zero `trace.Config`). */
export const TelemetryConfigSchema = Type.Object(
  {
    Name: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'service.name on spans; the service Name if unset.',
      }),
    ),
    Endpoint: Type.Optional(
      Type.String({ minLength: 1, description: 'OTLP collector URL, e.g. http://otel:4318.' }),
    ),
    Sampler: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 1,
      description: 'Fraction of new traces sampled (parent-based, as go-zero).',
    }),
    Batcher: Type.Union(
      [Type.Literal('otlphttp'), Type.Literal('otlpgrpc'), Type.Literal('none')],
      {
        default: 'none',
        description: 'Exporter; none keeps trace ids in logs but exports nothing.',
      },
    ),
  },
  { ...strict, default: {} },
);
/** Tracing settings, defaults filled. */
export type TelemetryConfig = Static<typeof TelemetryConfigSchema>;

/** Prometheus metrics endpoint, served on the service's own HTTP port. */
export const PrometheusConfigSchema = Type.Object(
  {
    Enabled: Type.Boolean({ default: true }),
    Path: Type.String({ pattern: '^/', default: '/metrics' }),
  },
  { ...strict, default: {} },
);
/** Metrics settings, defaults filled. */
export type PrometheusConfig = Static<typeof PrometheusConfigSchema>;

/**
 * JWT verification. `AccessSecret` is go-zero's HS256 shared secret (`rest.WithJwt`); Vigil prefers
 * public keys (`PublicKeys`, `JwksUrl`) so services can verify without being able to sign. At least
 * one source must be given — expressed as standard JSON Schema (`anyOf` of `required`).
 */
export const AuthConfigSchema = Type.Object(
  {
    AccessSecret: Type.Optional(
      Type.String({ minLength: 16, description: 'HS256 shared secret (go-zero compatible).' }),
    ),
    PublicKeys: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'Verification keys as PEM (SPKI) or JWK JSON strings.',
      }),
    ),
    JwksUrl: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description: 'JWKS document URL (fetched and cached).',
      }),
    ),
    Issuer: Type.Optional(Type.String({ minLength: 1, description: 'Required `iss` claim.' })),
    Audience: Type.Optional(Type.String({ minLength: 1, description: 'Required `aud` claim.' })),
    AccessExpire: Type.Integer({
      minimum: 1,
      default: 86400,
      description: 'Lifetime of issued access tokens, seconds (go-zero AccessExpire).',
    }),
  },
  {
    ...strict,
    anyOf: [
      { required: ['AccessSecret'] },
      { required: ['PublicKeys'] },
      { required: ['JwksUrl'] },
    ],
  },
);
/** JWT settings, defaults filled. */
export type AuthConfig = Static<typeof AuthConfigSchema>;

/** Per-client token-bucket rate limit (go-zero core/limit/tokenlimit.go). */
export const RateLimitConfigSchema = Type.Object(
  {
    Enabled: Type.Boolean({ default: false }),
    Rate: Type.Number({
      exclusiveMinimum: 0,
      default: 100,
      description: 'Sustained requests per second per client (token refill rate).',
    }),
    Burst: Type.Integer({
      minimum: 1,
      default: 200,
      description: 'Requests a client may make at once (bucket capacity).',
    }),
    Redis: Type.Optional(
      Type.String({
        pattern: '^rediss?://',
        description: 'Shared limiter state across replicas; in-process buckets if unset.',
      }),
    ),
    KeyBy: Type.Union([Type.Literal('ip'), Type.Literal('user')], {
      default: 'ip',
      description: 'Who a bucket belongs to: client IP, or the JWT subject (IP if anonymous).',
    }),
  },
  { ...strict, default: {} },
);
/** Rate limit settings, defaults filled. */
export type RateLimitConfig = Static<typeof RateLimitConfigSchema>;

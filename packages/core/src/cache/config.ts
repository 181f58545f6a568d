import { Type, type Static } from '@sinclair/typebox';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Cache settings a service nests in its YAML config (`Cache:`), PascalCase like go-zero's
 * cache.CacheConf. Defaults live only here: entries 7 days and not-found placeholders 1 minute,
 * as go-zero core/stores/cache/cacheopt.go.
 */
export const CacheConfigSchema = Type.Object(
  {
    Redis: Type.Optional(
      Type.String({
        pattern: '^rediss?://',
        description: 'redis://… URL; absent = in-process cache (embedded mode, tests)',
      }),
    ),
    KeyPrefix: Type.String({
      default: '',
      description:
        'Prepended to every key (e.g. `patient:`), so services sharing a Redis never collide',
    }),
    ExpiryMs: Type.Integer({
      default: 7 * DAY_MS,
      minimum: 1,
      description: 'Lifetime of a cached value, randomised ±5 % so entries do not expire together',
    }),
    NotFoundExpiryMs: Type.Integer({
      default: 60_000,
      minimum: 1,
      description: 'Lifetime of the placeholder stored for a missing id (penetration guard)',
    }),
    MaxEntries: Type.Integer({
      default: 10_000,
      minimum: 1,
      description: 'In-process cache only: least recently used entries are evicted beyond this',
    }),
    CommandTimeoutMs: Type.Integer({
      default: 500,
      minimum: 1,
      description: 'A Redis command slower than this fails and the loader answers instead',
    }),
    ConnectTimeoutMs: Type.Integer({
      default: 2_000,
      minimum: 1,
      description: 'Opening the Redis connection fails after this long (then it retries)',
    }),
    ProbeIntervalMs: Type.Integer({
      default: 1_000,
      minimum: 10,
      description: 'While Redis is unavailable, how often to check whether it is back',
    }),
    UnavailableLogIntervalMs: Type.Integer({
      default: 10_000,
      minimum: 0,
      description: 'While Redis is unavailable, at most one warning per interval',
    }),
  },
  { additionalProperties: false },
);

/** Validated cache settings; see {@link CacheConfigSchema}. */
export type CacheConfig = Static<typeof CacheConfigSchema>;

/** Settings as written in YAML: every key is optional (schema defaults fill the rest). */
export type CacheConfigInput = Partial<CacheConfig>;

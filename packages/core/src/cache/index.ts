export { createCache } from './cache.js';
export type { Cache, CacheOptions, CacheSetOptions } from './cache.js';
export { CacheConfigSchema } from './config.js';
export type { CacheConfig, CacheConfigInput } from './config.js';
export { EXPIRY_DEVIATION, unstableExpiry } from './jitter.js';

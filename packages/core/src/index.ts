export {
  AppError,
  errorCatalog,
  errorCodeFromGrpc,
  ERROR_CODE_METADATA_KEY,
  GrpcStatus,
  isAppError,
  isErrorCode,
  toErrorBody,
} from './errors/index.js';
export type {
  ErrorBody,
  ErrorCode,
  ErrorDetail,
  ErrorSpec,
  GrpcStatusName,
} from './errors/index.js';
export {
  currentTrace,
  enterTrace,
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
  runWithTrace,
  traceFromTraceparent,
} from './trace/index.js';
export type { TraceContext } from './trace/index.js';
export { createLogger, isSensitiveKey, redact, REDACTED } from './log/index.js';
export type { Logger, LoggerOptions } from './log/index.js';
export {
  BreakerRegistry,
  createAdaptiveShedder,
  createEventLoopLoadProbe,
  createGoogleBreaker,
  createManualClock,
  createNopBreaker,
  createNopShedder,
  createPeriodLimiter,
  createTokenBucketLimiter,
  monotonicClock,
  RollingWindow,
  sharedEventLoopLoadProbe,
  SumBucket,
  withTimeout,
} from './resilience/index.js';
export type {
  AdaptiveShedderOptions,
  Breaker,
  BreakerPromise,
  BreakerState,
  Clock,
  EventLoopLoadProbeOptions,
  GoogleBreakerOptions,
  Limiter,
  LimitResult,
  LoadProbe,
  ManualClock,
  PeriodLimiterOptions,
  RollingWindowOptions,
  SampledLoadProbe,
  Shedder,
  ShedderPromise,
  ShedderStats,
  TimeoutTask,
  TokenBucketLimiterOptions,
  WindowBucket,
} from './resilience/index.js';
export { SingleFlight } from './syncx/index.js';
export { createMetricsRegistry, getOrCreateMetric, Registry } from './metrics/index.js';
export { bearerToken, createJwtVerifier } from './auth/index.js';
export type { AuthClaims, AuthSettings, JwtVerifier } from './auth/index.js';
export { createRestServer, joinPath, requestTrace, toAppError } from './rest/index.js';
export type {
  FastifyReply,
  FastifyRequest,
  HttpMethod,
  Middleware,
  ReadinessCheck,
  RequestContext,
  RestServer,
  RestServerConfig,
  RestServerOptions,
  RouteDefinition,
  RouteGroup,
} from './rest/index.js';
export {
  createDatabase,
  DatabaseConfigSchema,
  dialectOf,
  migrateUp,
  migrationStatus,
  startEmbeddedPostgres,
} from './store/index.js';
export type {
  Database,
  DatabaseConfig,
  DatabaseConfigInput,
  DatabaseOptions,
  EmbeddedPostgresHandle,
  EmbeddedPostgresOptions,
  MigrateOptions,
  MigrationDb,
  MigrationSource,
  MigrationState,
  SqlDialect,
  VigilMigration,
} from './store/index.js';
export {
  AuthConfigSchema,
  ConfigError,
  configFileFromArgs,
  defineConfig,
  formatConfigError,
  loadConfig,
  loadConfigOrExit,
  LogConfigSchema,
  parseConfig,
  PrometheusConfigSchema,
  RateLimitConfigSchema,
  RestConfigSchema,
  TelemetryConfigSchema,
} from './config/index.js';
export type {
  AuthConfig,
  ConfigEnv,
  ConfigIssue,
  ConfigIssueKind,
  LoadConfigOptions,
  LogConfig,
  PrometheusConfig,
  RateLimitConfig,
  RestConfig,
  RestConfigProperties,
  TelemetryConfig,
} from './config/index.js';
export { CacheConfigSchema, createCache, EXPIRY_DEVIATION, unstableExpiry } from './cache/index.js';
export type {
  Cache,
  CacheConfig,
  CacheConfigInput,
  CacheOptions,
  CacheSetOptions,
} from './cache/index.js';

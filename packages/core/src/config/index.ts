export {
  ConfigError,
  formatConfigError,
  type ConfigIssue,
  type ConfigIssueKind,
} from './config-error.js';
export type { ConfigEnv } from './env.js';
export {
  configFileFromArgs,
  loadConfig,
  loadConfigOrExit,
  parseConfig,
  type LoadConfigOptions,
} from './load.js';
export {
  defineConfig,
  RestConfigSchema,
  type RestConfig,
  type RestConfigProperties,
} from './rest-config.js';
export {
  AuthConfigSchema,
  LogConfigSchema,
  PrometheusConfigSchema,
  RateLimitConfigSchema,
  TelemetryConfigSchema,
  type AuthConfig,
  type LogConfig,
  type PrometheusConfig,
  type RateLimitConfig,
  type TelemetryConfig,
} from './schemas.js';

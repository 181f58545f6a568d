export { createRestServer } from './server.js';
export type { FastifyReply, FastifyRequest, RestServer, RestServerOptions } from './server.js';
export { createHttpClientMetrics } from './http-client-metrics.js';
export type { HttpClientMetrics } from './http-client-metrics.js';
export { joinPath } from './routes.js';
export { toAppError } from './error-handler.js';
export { traceOf as requestTrace } from './request-state.js';
export type { LivenessDetails, ReadinessCheck } from './health.js';
export type {
  HttpMethod,
  Middleware,
  RequestContext,
  RestServerConfig,
  RouteDefinition,
  RouteGroup,
} from './types.js';

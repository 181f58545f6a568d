import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError, asError } from '../errors/index.js';
import { createAccessLogWriter } from '../log/index.js';
import { createMetricsRegistry } from '../metrics/index.js';
import {
  registerShedderMetrics,
  type Limiter,
  type LimitResult,
  type Shedder,
} from '../resilience/index.js';
import { flushTelemetry, formatTraceparent, tracingEnabled } from '../trace/index.js';
import { handleClientError } from './client-error.js';
import { createErrorHandler } from './error-handler.js';
import { registerHealthRoutes, type LivenessDetails, type ReadinessCheck } from './health.js';
import { createHttpMetrics } from './http-metrics.js';
import { endRequestSpan, startRequestSpan } from './request-span.js';
import { initState, stateOf, type RequestState } from './request-state.js';
import { addRouteGroup, joinPath } from './routes.js';
import { textCoercingValidators } from './validator.js';
import type { RestServerConfig, RouteDefinition, RouteGroup } from './types.js';

/** Resources and policies the server uses; the service context builds them once. */
export interface RestServerOptions {
  logger: Logger;
  registry?: Registry;
  /** Adaptive load shedder; omit to disable shedding (MaxConns still applies). */
  shedder?: Shedder;
  /** Rate limiter keyed by client; omit to disable. */
  limiter?: Limiter;
  /** Extra auth blocks by name, beyond `Auth` from the config (`jwt: Name` in a contract). */
  auth?: Record<string, NonNullable<RestServerConfig['Auth']>>;
}

/** A running (or ready to run) HTTP service: go-zero's `rest.Server`. */
export interface RestServer {
  readonly app: FastifyInstance;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Registers a `@server(...)` group of routes. */
  addRoutes(group: RouteGroup, routes: RouteDefinition[]): void;
  /**
   * Sets the status a route answers on success (e.g. 201 for a create); the `.api` language has
   * no status codes. `path` is the full route template, as registered.
   */
  setSuccessStatus(method: string, path: string, status: number): void;
  /** Adds a dependency check run by `/readyz`. */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** Adds fields to the `/healthz` body; its status stays 200 while the process lives. */
  setLivenessDetails(details: LivenessDetails): void;
  /** Registers a resource to close on shutdown; closed in reverse order of registration. */
  onClose(close: () => Promise<void> | void): void;
  /** Starts listening; resolves with the base URL. */
  start(): Promise<string>;
  /** Graceful stop: readiness false, in-flight requests finish (bounded), resources closed. */
  stop(): Promise<void>;
  /** Stops gracefully on SIGTERM/SIGINT, then exits the process. */
  handleSignals(): void;
}

/** Response body size: the payload's own length, else a declared content-length (streams). */
function payloadBytes(payload: unknown, reply: FastifyReply): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (payload instanceof Uint8Array) return payload.byteLength;
  return Number(reply.getHeader('content-length') ?? 0);
}

/**
 * Reads the route's template and `system` flag into the request state once: Fastify builds a new
 * `routeOptions` object (thirteen fields and a constraint lookup) on every access.
 */
function readRoute(request: FastifyRequest, state: RequestState): void {
  const { url, config } = request.routeOptions;
  state.route = url ?? 'unmatched';
  state.system = (config as { system?: boolean } | undefined)?.system === true;
}

/**
 * Builds a REST server whose every request passes, in this order: trace context → access log →
 * metrics → load shedding (MaxConns + adaptive) → rate limit → body limit → timeout → JWT (per
 * route) → schema validation → handler (go-zero rest/engine.go's chain, on Fastify).
 */
export function createRestServer(config: RestServerConfig, options: RestServerOptions): RestServer {
  const { logger } = options;
  const registry = options.registry ?? createMetricsRegistry(config.Name);
  const metrics = createHttpMetrics(registry);
  if (options.shedder) registerShedderMetrics(registry, config.Name, 'http', options.shedder);
  const accessLog = createAccessLogWriter(logger);
  const handleError = createErrorHandler(logger);
  const app = Fastify({
    logger: false,
    bodyLimit: config.MaxBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildValidator: textCoercingValidators() } },
    // A malformed percent-encoding or an over-long path parameter fails in the router, before
    // any hook: these still get the catalog envelope with a trace id.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
    clientErrorHandler: handleClientError,
  });
  // Fastify parses text/plain bodies by default; every Vigil body is JSON, so plain text is an
  // unsupported media type (415), not an object that failed validation.
  app.removeContentTypeParser('text/plain');
  const checks = new Map<string, ReadinessCheck>();
  let livenessDetails: LivenessDetails | undefined;
  const closers: (() => Promise<void> | void)[] = [];
  // One mutable slot per route, read by its handler: a status can be set after registration.
  const successStatuses = new Map<string, { status: number }>();
  let draining = false;
  let inFlight = 0;

  app.setErrorHandler(handleError);
  // The contract routes by method and path, without handlers: tells a wrong method (405, with
  // Allow, as go-zero's router answers) from an unknown path (404). Consulted on misses only.
  const declared = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: 500 });
  const declaredMethods = new Set<HTTPMethod>();
  app.setNotFoundHandler((request) => {
    const path = request.url.split('?')[0];
    const allowed = [...declaredMethods].filter((m) => declared.find(m, request.url) !== null);
    if (allowed.length > 0) {
      throw new AppError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}`, {
        headers: { allow: allowed.join(', ') },
      });
    }
    throw new AppError('NOT_FOUND', `No route for ${request.method} ${path}`);
  });

  // 1. Trace context: continue the caller's trace (W3C traceparent) and echo ours back.
  // 3+4. Shedding: MaxConns, then the adaptive shedder; system routes are exempt.
  app.addHook('onRequest', (request, reply, done) => {
    const state = initState(request);
    readRoute(request, state);
    const system = state.system;
    // Probes and scrapes get no span (go-zero's TraceIgnorePaths): they would drown the traces.
    if (!system && tracingEnabled()) startRequestSpan(request, state);
    void reply.header('traceparent', formatTraceparent(state.trace));
    if (system) return done();
    inFlight++;
    state.counted = true;
    if (draining) return done(new AppError('UNAVAILABLE', 'The service is shutting down'));
    if (inFlight > config.MaxConns) {
      metrics.shed.inc();
      return done(new AppError('OVERLOADED', 'Too many concurrent requests'));
    }
    if (options.shedder) {
      try {
        state.admission = options.shedder.allow();
      } catch (err) {
        metrics.shed.inc();
        return done(err as Error);
      }
    }
    done();
  });

  // 5. Rate limit, keyed by client address (the gateway forwards the original in x-forwarded-for).
  if (options.limiter && config.RateLimit?.Enabled) {
    const limiter = options.limiter;
    const verdict = (result: LimitResult): AppError | undefined => {
      if (result.allowed) return undefined;
      metrics.rateLimited.inc();
      const retryAfter = String(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
      return new AppError('RATE_LIMITED', undefined, { headers: { 'retry-after': retryAfter } });
    };
    // In-process limiters answer synchronously; Redis-backed ones through their promise.
    app.addHook('onRequest', (request, _reply, done) => {
      if (stateOf(request).system) return done();
      if (limiter.takeNow) return done(verdict(limiter.takeNow(request.ip)));
      limiter.take(request.ip).then(
        (result) => done(verdict(result)),
        (err: unknown) => done(asError(err)),
      );
    });
  }

  // 2. Access log and request metrics, when the response is handed to the socket (go-zero's
  // LogHandler also measures until the handler has written). Every answer passes onSend: results,
  // errors, timeouts, 404s. An onResponse hook would add two listeners and a 'finish' event to
  // every response (≈ 2 µs per request in bench/rest).
  app.addHook('onSend', (request, reply, payload, done) => {
    const state = stateOf(request);
    if (state.finished) return done();
    state.finished = true;
    const status = reply.statusCode;
    if (state.counted) inFlight--;
    if (status >= 500) state.admission?.fail();
    else state.admission?.pass();
    const route = state.route;
    const seconds = (performance.now() - state.startMs) / 1e3;
    metrics.observe(request.method, route, status, seconds);
    endRequestSpan(state, status);
    if (!state.system) {
      accessLog({
        traceId: state.trace.traceId,
        spanId: state.trace.spanId,
        method: request.method,
        route,
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        bytes: payloadBytes(payload, reply),
      });
    }
    done();
  });

  registerHealthRoutes(app, {
    service: config.Name,
    registry,
    metricsPath:
      config.Prometheus?.Enabled === false ? undefined : (config.Prometheus?.Path ?? '/metrics'),
    checks,
    isDraining: () => draining,
    livenessDetails: () => livenessDetails,
  });

  const authBlocks = { ...(config.Auth ? { Auth: config.Auth } : {}), ...options.auth };
  let stopping: Promise<void> | undefined;

  const server: RestServer = {
    app,
    logger,
    registry,
    addRoutes(group, routes) {
      for (const route of routes) {
        const method = route.method.toUpperCase() as HTTPMethod;
        declared.on(method, joinPath(group.prefix, route.path), () => undefined);
        declaredMethods.add(method);
      }
      addRouteGroup(app, {
        config,
        group,
        routes,
        authBlocks,
        logger,
        timeouts: metrics.timeouts,
        statuses: successStatuses,
      });
    },
    setSuccessStatus(method, path, status) {
      const slot = successStatuses.get(`${method.toUpperCase()} ${path}`);
      if (!slot) throw new Error(`setSuccessStatus: no route ${method} ${path}`);
      if (!Number.isInteger(status) || status < 200 || status > 299) {
        throw new RangeError(`setSuccessStatus: ${status} is not a 2xx status`);
      }
      slot.status = status;
    },
    addReadinessCheck(name, check) {
      checks.set(name, check);
    },
    setLivenessDetails(details) {
      livenessDetails = details;
    },
    onClose(close) {
      closers.push(close);
    },
    async start() {
      const address = await app.listen({ host: config.Host, port: config.Port });
      logger.info({ url: address }, `${config.Name} listening`);
      return address;
    },
    stop() {
      stopping ??= (async () => {
        draining = true;
        // Connections of requests still in flight close as soon as their response is written,
        // instead of idling for keepAliveTimeout and holding the shutdown open.
        app.server.keepAliveTimeout = 1;
        const deadline = new Promise<void>((resolve) =>
          setTimeout(resolve, config.ShutdownTimeoutMs).unref(),
        );
        await Promise.race([app.close(), deadline]);
        for (const close of closers.reverse()) {
          try {
            await close();
          } catch (err) {
            logger.error({ err }, 'error while closing a resource');
          }
        }
        // Last, so the spans of the final requests and of closing resources are exported too.
        try {
          await flushTelemetry();
        } catch (err) {
          logger.warn({ err }, 'could not export the last spans');
        }
        logger.info('stopped');
      })();
      return stopping;
    },
    handleSignals() {
      const onSignal = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'shutting down gracefully');
        void server.stop().then(() => process.exit(0));
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    },
  };
  return server;
}

export type { FastifyReply, FastifyRequest };

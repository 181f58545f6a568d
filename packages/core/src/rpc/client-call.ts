import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { AppError } from '../errors/index.js';
import type { Breaker, BreakerPromise, BreakerRegistry } from '../resilience/index.js';
import {
  currentTrace,
  formatTraceparent,
  tracingEnabled,
  type TraceContext,
} from '../trace/index.js';
import { currentAuthorization, currentDeadline } from './deadline.js';
import type { RouteMetrics } from './metrics.js';
import { endRpcSpan, startRpcClientSpan } from './rpc-span.js';
import { fromServiceError, grpcStatusName, isBreakerFailure } from './status.js';

/** Per-call options of a client method. */
export interface RpcCallOptions {
  /** This call's timeout, ms, instead of the config Timeout (still bounded by the inbound deadline). */
  timeoutMs?: number;
  /** Extra request metadata. */
  metadata?: grpc.Metadata | Record<string, string>;
  /** `authorization` to send instead of the inbound request's. */
  authorization?: string;
  /** Cancels the call (the promise rejects with `CANCELLED`). */
  signal?: AbortSignal;
}

/** One channel and the name its breaker and metrics use. */
export interface Endpoint {
  readonly target: string;
  readonly client: grpc.Client;
}

/** Shared state of one client's methods. */
export interface CallerDeps {
  endpoints: Endpoint[];
  breakers: BreakerRegistry | undefined;
  metricsFor: (target: string, method: string) => RouteMetrics;
  logger: Logger;
  timeoutMs: number;
  waitForReady: boolean;
  /** Round-robin cursor, shared by the client's methods. */
  next: number;
}

/** One endpoint as one method sees it: resolved once, so a call does no lookups. */
interface Route {
  readonly endpoint: Endpoint;
  readonly breaker: Breaker | undefined;
  readonly metrics: RouteMetrics;
}

const admitAll: BreakerPromise = { accept() {}, reject() {} };

function buildMetadata(
  options: RpcCallOptions | undefined,
  waitForReady: boolean,
  trace: TraceContext | undefined,
): grpc.Metadata {
  const metadata = new grpc.Metadata(waitForReady ? { waitForReady: true } : undefined);
  if (trace) metadata.set('traceparent', formatTraceparent(trace));
  const authorization = options?.authorization ?? currentAuthorization();
  if (authorization) metadata.set('authorization', authorization);
  const extra = options?.metadata;
  if (extra instanceof grpc.Metadata) metadata.merge(extra);
  else if (extra) for (const [k, v] of Object.entries(extra)) metadata.set(k, v);
  return metadata;
}

/**
 * Picks the replica for a call: round-robin, skipping replicas whose channel is in
 * TRANSIENT_FAILURE or whose breaker drops the call, as long as another replica remains. When
 * every replica refuses, the last breaker's `UNAVAILABLE` is returned (the call fails fast).
 */
function pick(
  routes: readonly Route[],
  deps: CallerDeps,
): { route: Route; admission: BreakerPromise } | AppError {
  const n = routes.length;
  let dropped: AppError | undefined;
  for (let i = 0; i < n; i++) {
    const route = routes[(deps.next + i) % n] as Route;
    // Skip a replica known to be down unless it is the last option; getConnectivityState(true)
    // also starts connecting an idle channel.
    const state = route.endpoint.client.getChannel().getConnectivityState(true);
    if (state === grpc.connectivityState.TRANSIENT_FAILURE && i < n - 1) continue;
    try {
      const admission = route.breaker ? route.breaker.allow() : admitAll;
      route.metrics.breaker(false);
      deps.next = (deps.next + i + 1) % n;
      return { route, admission };
    } catch (err) {
      route.metrics.breaker(true);
      dropped =
        err instanceof AppError ? err : new AppError('UNAVAILABLE', undefined, { cause: err });
    }
  }
  deps.next = (deps.next + 1) % n;
  return dropped ?? new AppError('UNAVAILABLE');
}

/** A promise-returning function calling one unary method through the client chain. */
export function createUnaryCaller(
  method: grpc.MethodDefinition<unknown, unknown>,
  deps: CallerDeps,
): (request: unknown, options?: RpcCallOptions) => Promise<unknown> {
  const { path, requestSerialize, responseDeserialize } = method;
  // Breaker per target and method, as go-zero's client breaker interceptor keys it
  // (zrpc/internal/clientinterceptors/breakerinterceptor.go): one failing method does not cut off
  // the healthy methods of the same replica.
  const routes: Route[] = deps.endpoints.map((endpoint) => ({
    endpoint,
    breaker: deps.breakers?.get(endpoint.target + path),
    metrics: deps.metricsFor(endpoint.target, path),
  }));
  return (request, options) =>
    new Promise((resolve, reject) => {
      const now = Date.now();
      // go-zero passes the caller's ctx into the call, so its deadline bounds the downstream one;
      // here the inbound deadline comes from the scope set by the REST/RPC server.
      let deadline = now + (options?.timeoutMs ?? deps.timeoutMs);
      const inbound = currentDeadline();
      if (inbound !== undefined && inbound < deadline) deadline = inbound;
      if (deadline <= now) {
        reject(new AppError('TIMEOUT', 'no time left for the downstream call'));
        return;
      }
      if (options?.signal?.aborted) {
        reject(new AppError('CANCELLED'));
        return;
      }
      const chosen = pick(routes, deps);
      if (chosen instanceof AppError) {
        reject(chosen);
        return;
      }
      const { route, admission } = chosen;
      // With telemetry on, the call is a client span and the server's parent is that span.
      const span = tracingEnabled()
        ? startRpcClientSpan(path, currentTrace(), route.endpoint.target)
        : undefined;
      const start = performance.now();
      const call = route.endpoint.client.makeUnaryRequest(
        path,
        requestSerialize,
        responseDeserialize,
        request,
        buildMetadata(options, deps.waitForReady, span ? span.context : currentTrace()),
        { deadline },
        (err, value) => {
          if (options?.signal) options.signal.removeEventListener('abort', onAbort);
          const seconds = (performance.now() - start) / 1000;
          if (span) endRpcSpan(span, err ? err.code : 0, 'client');
          if (!err) {
            admission.accept();
            route.metrics.observe('OK', seconds);
            resolve(value);
            return;
          }
          const code = grpcStatusName(err.code);
          route.metrics.observe(code, seconds);
          if (isBreakerFailure(err.code)) {
            admission.reject(`${code}: ${err.details}`);
            deps.logger.warn(
              { target: route.endpoint.target, method: path, code, duration_ms: seconds * 1000 },
              'rpc client call failed',
            );
          } else {
            admission.accept();
          }
          reject(fromServiceError(err));
        },
      );
      const onAbort = (): void => call.cancel();
      options?.signal?.addEventListener('abort', onAbort, { once: true });
    });
}

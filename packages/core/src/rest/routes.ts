import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preValidationHookHandler,
  RouteOptions,
} from 'fastify';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import {
  bearerToken,
  createJwtVerifier,
  type AuthSettings,
  type JwtVerifier,
} from '../auth/index.js';
import { AppError, asError } from '../errors/index.js';
import { DeadlineQueue } from '../resilience/timeout/deadline-queue.js';
import { runInScope } from '../context/scope.js';
import { findUnstorableText, unstorableTextError } from '../store/unstorable-text.js';
import { createRequestContext, type HttpRequestContext } from './request-context.js';
import { stateOf } from './request-state.js';
import type {
  Middleware,
  RequestContext,
  RestServerConfig,
  RouteDefinition,
  RouteGroup,
} from './types.js';

interface AddRouteGroupOptions {
  config: RestServerConfig;
  group: RouteGroup;
  routes: RouteDefinition[];
  authBlocks: Record<string, AuthSettings>;
  logger: Logger;
  timeouts: Counter<'route'>;
  /** Success status slot per `METHOD path`, filled here, adjustable by the service. */
  statuses: Map<string, { status: number }>;
}

/** Joins a group prefix and a route path; a prefix may lack its leading slash (as in go-zero). */
export function joinPath(prefix: string | undefined, path: string): string {
  const p = prefix ? `/${prefix.replace(/^\/+|\/+$/g, '')}` : '';
  const joined = `${p}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/**
 * Verifier for `jwt: Name`, resolved once; the first request waits for it if it is still loading.
 * A token verified before is answered synchronously, without a promise: on Node 20 each promise
 * of a request also pays the AsyncLocalStorage hooks.
 */
function jwtHook(name: string, settings: AuthSettings | undefined): preValidationHookHandler {
  if (!settings)
    throw new Error(`route group declares jwt: ${name} but the config has no ${name} block`);
  let verifier: JwtVerifier | undefined;
  const loading = createJwtVerifier(settings).then((v) => (verifier = v));
  return (request, _reply, done) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) return done(new AppError('UNAUTHENTICATED', 'A bearer token is required'));
    const known = verifier?.cached(token);
    if (known) {
      stateOf(request).auth = known;
      return done();
    }
    (verifier ? verifier(token) : loading.then((v) => v(token))).then(
      (claims) => {
        stateOf(request).auth = claims;
        done();
      },
      (err: unknown) => done(asError(err)),
    );
  };
}

function compose(
  middleware: Middleware[],
  ctx: RequestContext,
  request: FastifyRequest,
  last: () => Promise<unknown>,
) {
  const dispatch = (i: number): Promise<unknown> => {
    const mw = middleware[i];
    return mw ? mw(ctx, request, () => dispatch(i + 1)) : last();
  };
  return dispatch(0);
}

/**
 * Runs the handler's work to its answer, bounded by the route's timeout, and sends it: the result
 * (`{}` for none) or the error, through the error handler. Sent here rather than returned to
 * Fastify, which would chain a promise of its own on ours: on Node 20 every promise of a request
 * also pays the AsyncLocalStorage hooks. On timeout the request's signal aborts (so logic and
 * downstream calls stop) and the client gets 504 `TIMEOUT` at once; the handler's late result or
 * failure is then dropped. One queue slot per request (the group's timeouts share one timer).
 */
function settle(
  work: Promise<unknown>,
  ctx: HttpRequestContext,
  reply: FastifyReply,
  timeouts: DeadlineQueue | undefined,
  onTimeout: () => void,
): void {
  const ticket = timeouts
    ? timeouts.add(() => {
        if (answered(reply)) return;
        onTimeout();
        const err = new AppError('TIMEOUT', `The request did not finish within ${timeouts.ms} ms`);
        ctx.abort(err);
        safeSend(reply, err);
      })
    : -1; // never used: without a queue there is nothing to cancel
  work.then(
    (result) => {
      timeouts?.cancel(ticket);
      sendResult(reply, result);
    },
    (err: unknown) => {
      timeouts?.cancel(ticket);
      sendError(reply, err);
    },
  );
}

/**
 * Whether the client has (or is getting) its answer: sent in full, hijacked, or handed to Fastify
 * already — our onSend hook marks every `send` at once, a stream included, while `reply.sent`
 * only turns true when the response ends and headers go out with a stream's first chunk.
 */
function answered(reply: FastifyReply): boolean {
  return reply.sent || reply.raw.headersSent || stateOf(reply.request).finished === true;
}

/** Sends a handler's result, unless the handler or the timeout already answered. */
function sendResult(reply: FastifyReply, result: unknown): void {
  if (!answered(reply)) safeSend(reply, result ?? {});
}

/** Sends a handler's failure through the error handler, unless the client has an answer. */
function sendError(reply: FastifyReply, err: unknown): void {
  if (!answered(reply)) safeSend(reply, asError(err));
}

/**
 * `reply.send` from a promise callback: a throw here (a serializer or hook that fails
 * synchronously) would otherwise be an unhandled rejection, which ends the process.
 */
function safeSend(reply: FastifyReply, payload: unknown): void {
  try {
    void reply.send(payload);
  } catch (err) {
    if (!reply.sent && !reply.raw.headersSent) void reply.send(asError(err));
  }
}

/** The first path, query or body field whose text no database would store as given. */
function unstorableField(request: FastifyRequest): string | undefined {
  return (
    findUnstorableText(request.params, 'params') ??
    findUnstorableText(request.query, 'query') ??
    findUnstorableText(request.body, 'body')
  );
}

/** Registers one `@server(...)` group: prefix, JWT, timeout, body limit and middleware per route. */
export function addRouteGroup(app: FastifyInstance, o: AddRouteGroupOptions): void {
  const { config, group } = o;
  const timeoutMs = group.timeoutMs ?? config.Timeout;
  const timeouts = timeoutMs > 0 ? new DeadlineQueue(timeoutMs) : undefined;
  const authenticate = group.jwt ? jwtHook(group.jwt, o.authBlocks[group.jwt]) : undefined;
  const middleware = group.middleware ?? [];
  for (const route of o.routes) {
    const url = joinPath(group.prefix, route.path);
    const success = { status: route.status ?? 200 };
    o.statuses.set(`${route.method} ${url}`, success);
    const onTimeout = () => o.timeouts.inc({ route: url });
    const run = (request: FastifyRequest, reply: FastifyReply, ctx: HttpRequestContext) => {
      let work: Promise<unknown>;
      try {
        work = middleware.length
          ? compose(middleware, ctx, request, () => route.handle(request, ctx, reply))
          : route.handle(request, ctx, reply);
      } catch (err) {
        // A handler that throws before its first await: the same answer as a rejection.
        return sendError(reply, err);
      }
      // Plain JavaScript handlers may return a value instead of a promise.
      if (!(work instanceof Promise)) work = Promise.resolve(work);
      settle(work, ctx, reply, timeouts, onTimeout);
    };
    // Answers through `reply` and returns nothing: Fastify then leaves the answer to it. (A
    // returned promise gets a `.then` of Fastify's; a returned `reply` is thenable too, and
    // Fastify would wait for the response stream to end with listeners of its own.)
    const handler = (request: FastifyRequest, reply: FastifyReply): void => {
      const unstorable = unstorableField(request);
      if (unstorable) return void reply.send(unstorableTextError(unstorable));
      const state = stateOf(request);
      const ctx = createRequestContext(request, state, timeoutMs, o.logger);
      // The error handler sets its own status; a result is sent with the route's (200 is
      // Fastify's default already).
      if (success.status !== 200) void reply.code(success.status);
      // Logic logs carry the request's trace ids; its RPCs get the deadline and credentials.
      runInScope(
        { trace: state.trace, deadline: ctx.deadline, authorization: ctx.authorization },
        () => run(request, reply, ctx),
      );
    };
    const options: RouteOptions = {
      method: route.method,
      url,
      handler,
      schema: route.schema,
      bodyLimit: group.maxBytes ?? config.MaxBytes,
      config: { handlerName: route.handler },
    };
    if (authenticate) options.preValidation = authenticate;
    app.route(options);
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import {
  bearerToken,
  createJwtVerifier,
  type AuthSettings,
  type JwtVerifier,
} from '../auth/index.js';
import { AppError } from '../errors/index.js';
import { runWithDeadline } from '../rpc/deadline.js';
import { runWithTrace } from '../trace/index.js';
import { createRequestContext } from './request-context.js';
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
}

/** Joins a group prefix and a route path; a prefix may lack its leading slash (as in go-zero). */
export function joinPath(prefix: string | undefined, path: string): string {
  const p = prefix ? `/${prefix.replace(/^\/+|\/+$/g, '')}` : '';
  const joined = `${p}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/** Verifier for `jwt: Name`, resolved once; the first request awaits it if it is still loading. */
function jwtHook(name: string, settings: AuthSettings | undefined) {
  if (!settings)
    throw new Error(`route group declares jwt: ${name} but the config has no ${name} block`);
  let verifier: JwtVerifier | undefined;
  const loading = createJwtVerifier(settings).then((v) => (verifier = v));
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const token = bearerToken(header);
    if (!token) throw new AppError('UNAUTHENTICATED', 'A bearer token is required');
    stateOf(request).auth = await (verifier ?? (await loading))(token);
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
 * Races the handler against the route's timeout. On timeout the request's signal aborts (so
 * logic and downstream calls stop) and the client gets 504 `TIMEOUT`.
 */
function withTimeout(
  work: Promise<unknown>,
  ctx: ReturnType<typeof createRequestContext>,
  timeoutMs: number,
  onTimeout: () => void,
) {
  if (timeoutMs <= 0) return work;
  // One promise and one timer per request (Promise.race + finally would allocate three more).
  return new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      const err = new AppError('TIMEOUT', `The request did not finish within ${timeoutMs} ms`);
      ctx.abort(err);
      reject(err);
    }, timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Registers one `@server(...)` group: prefix, JWT, timeout, body limit and middleware per route. */
export function addRouteGroup(app: FastifyInstance, o: AddRouteGroupOptions): void {
  const { config, group } = o;
  const timeoutMs = group.timeoutMs ?? config.Timeout;
  const authenticate = group.jwt ? jwtHook(group.jwt, o.authBlocks[group.jwt]) : undefined;
  const middleware = group.middleware ?? [];
  for (const route of o.routes) {
    const url = joinPath(group.prefix, route.path);
    const status = route.status ?? 200;
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const state = stateOf(request);
      const ctx = createRequestContext(request, state, timeoutMs, o.logger);
      const run = () =>
        middleware.length
          ? compose(middleware, ctx, request, () => route.handle(request, ctx, reply))
          : route.handle(request, ctx, reply);
      // The request's deadline and credentials bound and authorize the RPCs its logic makes.
      const result = await runWithTrace(state.trace, () =>
        runWithDeadline(
          ctx.deadline,
          () => withTimeout(run(), ctx, timeoutMs, () => o.timeouts.inc({ route: url })),
          { authorization: ctx.authorization },
        ),
      );
      if (reply.sent) return reply;
      void reply.code(status);
      return result ?? {};
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

import type { TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthClaims, AuthSettings } from '../auth/index.js';
import type { TraceContext } from '../trace/index.js';

/**
 * What the REST server reads from a service's config: the keys of go-zero's `RestConf`
 * (see config/ for the schema with defaults and validation).
 */
export interface RestServerConfig {
  Name: string;
  Host: string;
  Port: number;
  /** Default per-request timeout in ms (0 = none); a route group's `timeout` overrides it. */
  Timeout: number;
  /** Default body limit in bytes; a route group's `maxBytes` overrides it. */
  MaxBytes: number;
  /** Concurrent requests above this are answered 503 `OVERLOADED` (go-zero MaxConns). */
  MaxConns: number;
  /** Load (per-mille) above which adaptive shedding may drop requests (go-zero CpuThreshold). */
  CpuThreshold: number;
  ShutdownTimeoutMs: number;
  Auth?: AuthSettings;
  RateLimit?: {
    Enabled: boolean;
    Rate: number;
    Burst: number;
    Redis?: string;
    KeyBy?: 'ip' | 'user';
  };
  Prometheus?: { Enabled: boolean; Path: string };
}

/** The per-request context handed to handlers and logic (go-zero's `ctx` + `logx.WithContext`). */
export interface RequestContext {
  readonly trace: TraceContext;
  readonly traceId: string;
  /** The verified caller on routes with `jwt`; undefined elsewhere. */
  readonly auth: AuthClaims | undefined;
  /** The raw `Authorization` header, forwarded to downstream RPCs. */
  readonly authorization: string | undefined;
  /** Epoch ms after which the answer is useless (timeout); downstream calls are bounded by it. */
  readonly deadline: number | undefined;
  /** Aborted when the request times out or the client goes away. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/** Route-level middleware, `@server(middleware: A,B)` in a contract: wraps the handler. */
export type Middleware = (
  ctx: RequestContext,
  request: FastifyRequest,
  next: () => Promise<unknown>,
) => Promise<unknown>;

/** HTTP methods a contract may declare (go-zero's set). */
export type HttpMethod =
  'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'TRACE' | 'CONNECT';

/** One route, as generated from a contract's `@handler` + route line. */
export interface RouteDefinition {
  method: HttpMethod;
  /** Path relative to the group's prefix, `:param` style. */
  path: string;
  /** Handler name from the contract, for logs and docs. */
  handler: string;
  schema?: {
    params?: TSchema;
    querystring?: TSchema;
    headers?: TSchema;
    body?: TSchema;
    /** Response schemas by status; the 2xx one also filters fields on the way out. */
    response?: Record<number, TSchema>;
  };
  /** Success status (default 200). */
  status?: number;
  doc?: string;
  tags?: string[];
  handle: (request: FastifyRequest, ctx: RequestContext, reply: FastifyReply) => Promise<unknown>;
}

/** A `@server(...)` block: options shared by its routes. */
export interface RouteGroup {
  prefix?: string;
  /** Name of the config's auth block (`jwt: Auth`); routes then require a valid bearer token. */
  jwt?: string;
  timeoutMs?: number;
  maxBytes?: number;
  middleware?: Middleware[];
}

import { performance } from 'node:perf_hooks';
import { traceFromTraceparent, type Span, type TraceContext } from '../trace/index.js';
import type { AuthClaims } from '../auth/index.js';
import type { ShedderPromise } from '../resilience/index.js';

/**
 * Per-request state the chain attaches to the raw request object. A symbol-keyed slot instead of
 * Fastify decorators keeps the request shape stable (decorators with object values are slow).
 */
export interface RequestState {
  trace: TraceContext;
  /** `performance.now()` when the request arrived (ms, sub-µs precision; no BigInt to allocate). */
  startMs: number;
  auth?: AuthClaims;
  /** The request's server span, when telemetry records spans. */
  span?: Span;
  /** Counted in the server's in-flight requests (MaxConns) until the response ends. */
  counted: boolean;
  /** The shedder's admission, told how the request ended when the response ends. */
  admission?: ShedderPromise;
  /** Set once the response was accounted (metrics, access log, shedder): onSend may run twice. */
  finished?: boolean;
  /** The route template (`/api/v1/patient/info/:patientId`), or `unmatched`. */
  route: string;
  /** Probes and scrapes (`config.system`): no span, no shedding, no access line. */
  system: boolean;
}

const STATE = Symbol('vigil.request-state');

/** The parts of a request the state lives on (any Fastify request, HTTP/1 or HTTP/2 typed). */
interface RequestLike {
  raw: object;
  headers: Record<string, string | string[] | undefined>;
}

type WithState = { [STATE]?: RequestState };

export function initState(request: RequestLike): RequestState {
  const header = request.headers.traceparent;
  const state: RequestState = {
    trace: traceFromTraceparent(Array.isArray(header) ? header[0] : header),
    startMs: performance.now(),
    // Every field present from the start: one object shape for every request.
    auth: undefined,
    span: undefined,
    counted: false,
    admission: undefined,
    finished: false,
    route: 'unmatched',
    system: false,
  };
  (request.raw as WithState)[STATE] = state;
  return state;
}

export function stateOf(request: RequestLike): RequestState {
  return (request.raw as WithState)[STATE] ?? initState(request);
}

/** The trace context of a request handled by a Vigil REST server. */
export function traceOf(request: RequestLike): TraceContext {
  return stateOf(request).trace;
}

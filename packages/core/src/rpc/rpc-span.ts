import { parseTraceparent, startSpan, type Span, type TraceContext } from '../trace/index.js';

// gRPC status codes a server span counts as its own failure (OpenTelemetry RPC conventions):
// UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS. Others (NOT_FOUND,
// INVALID_ARGUMENT, …) are the caller's problem and leave the server span unset.
const SERVER_FAILURES = new Set([2, 4, 12, 13, 14, 15]);

/** `package.Service` and `Method` of a full method path `/package.Service/Method`. */
function attributes(path: string) {
  const slash = path.lastIndexOf('/');
  return {
    'rpc.system': 'grpc',
    'rpc.service': path.slice(1, slash),
    'rpc.method': path.slice(slash + 1),
  };
}

/** The span of one handled call, child of the caller's `traceparent` (telemetry on only). */
export function startRpcServerSpan(path: string, traceparent: string | undefined): Span {
  const caller = parseTraceparent(traceparent);
  return startSpan(path.slice(1), {
    kind: 'server',
    parent: caller && { traceId: caller.traceId, spanId: caller.parentSpanId, flags: caller.flags },
    attributes: attributes(path),
  });
}

/** The span of one outgoing call; its id is the `traceparent` the server receives. */
export function startRpcClientSpan(path: string, parent: TraceContext | undefined, target: string) {
  return startSpan(path.slice(1), {
    kind: 'client',
    parent,
    attributes: { ...attributes(path), 'server.address': target },
  });
}

/** Ends an RPC span with its numeric gRPC status; a client span fails on any non-OK status. */
export function endRpcSpan(span: Span, status: number, side: 'client' | 'server'): void {
  span.setAttribute('rpc.grpc.status_code', status);
  if (status !== 0 && (side === 'client' || SERVER_FAILURES.has(status))) {
    span.setError(`gRPC status ${status}`);
  }
  span.end();
}

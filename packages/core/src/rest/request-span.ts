import type { FastifyRequest } from 'fastify';
import { parseTraceparent, startSpan } from '../trace/index.js';
import type { RequestState } from './request-state.js';

/**
 * Starts the request's server span (telemetry on only), named by method and route template
 * (`GET /api/v1/patient/info/:patientId`, OpenTelemetry HTTP semantic conventions; a raw path
 * would make one span name per patient). The caller's `traceparent` is its parent, and the
 * span's ids become the request's trace context, so access log, logic logs and outgoing calls
 * carry the exported span's id.
 */
export function startRequestSpan(request: FastifyRequest, state: RequestState): void {
  const header = request.headers.traceparent;
  const caller = parseTraceparent(Array.isArray(header) ? header[0] : header);
  const route = request.routeOptions.url;
  const span = startSpan(route ? `${request.method} ${route}` : request.method, {
    kind: 'server',
    parent: caller && { traceId: caller.traceId, spanId: caller.parentSpanId, flags: caller.flags },
    attributes: { 'http.request.method': request.method, 'http.route': route },
  });
  state.trace = span.context;
  state.span = span;
}

/** Ends the request's span with its status; 5xx marks it failed (4xx is the client's error). */
export function endRequestSpan(state: RequestState, status: number): void {
  const span = state.span;
  if (!span) return;
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setError(String(status));
  span.end();
}

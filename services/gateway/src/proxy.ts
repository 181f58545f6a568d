import proxy from '@fastify/http-proxy';
import {
  AppError,
  formatTraceparent,
  requestTrace,
  startSpan,
  toErrorBody,
  tracingEnabled,
  type HttpClientMetrics,
  type RestServer,
  type Span,
} from '@vigil/core';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Upstream } from './config.js';

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'FST_REPLY_FROM_GATEWAY_TIMEOUT',
]);

/** The outgoing call of one proxied request: its client span (telemetry on) and start time. */
interface UpstreamCall {
  span: Span | undefined;
  start: number;
}

/**
 * Routes `/api/v1/<name>/*` to the upstream over a keep-alive pool. The upstream sees our span as
 * its parent (`traceparent`: the outgoing call's client span when telemetry records spans, else
 * the request's), a request id, and the client address in `x-forwarded-for` (which
 * @fastify/http-proxy does not add by itself). Each call is timed in
 * `vigil_http_client_duration_seconds{upstream,method,status}`.
 */
export async function registerUpstream(
  server: RestServer,
  upstream: Upstream,
  metrics: HttpClientMetrics,
): Promise<void> {
  const prefix = `/api/v1/${upstream.Name}`;
  const host = new URL(upstream.Url).host;
  const calls = new WeakMap<object, UpstreamCall>();
  const finish = (raw: object, method: string, status: string, failed: boolean) => {
    const call = calls.get(raw);
    if (!call) return;
    calls.delete(raw);
    metrics.observe(upstream.Name, method, status, (performance.now() - call.start) / 1000);
    if (call.span) {
      if (/^\d+$/.test(status)) call.span.setAttribute('http.response.status_code', Number(status));
      if (failed) call.span.setError(status);
      call.span.end();
    }
  };
  await server.app.register(proxy, {
    upstream: upstream.Url,
    prefix,
    rewritePrefix: prefix,
    undici: {
      connections: 128,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: upstream.TimeoutMs,
      bodyTimeout: upstream.TimeoutMs,
    },
    replyOptions: {
      rewriteRequestHeaders: (request, headers: IncomingHttpHeaders) => {
        const forwardedFor = headers['x-forwarded-for'];
        const requestId = headers['x-request-id'];
        const span = tracingEnabled()
          ? startSpan(`${request.method} ${prefix}/*`, {
              kind: 'client',
              parent: requestTrace(request),
              attributes: {
                'http.request.method': request.method,
                'server.address': host,
                'vigil.upstream': upstream.Name,
              },
            })
          : undefined;
        calls.set(request.raw, { span, start: performance.now() });
        return {
          ...headers,
          traceparent: formatTraceparent(span ? span.context : requestTrace(request)),
          'x-forwarded-for': forwardedFor ? `${String(forwardedFor)}, ${request.ip}` : request.ip,
          'x-request-id': typeof requestId === 'string' ? requestId : randomUUID(),
        };
      },
      onResponse: (request, reply, res) => {
        finish(request.raw, request.method, String(res.statusCode), res.statusCode >= 500);
        void reply.send(res.stream);
      },
      onError: (reply, { error }) => {
        const trace = requestTrace(reply.request);
        const code = (error as { code?: string }).code ?? '';
        const timedOut = TIMEOUT_CODES.has(code);
        finish(reply.request.raw, reply.request.method, timedOut ? 'timeout' : 'unavailable', true);
        const appError = timedOut
          ? new AppError('TIMEOUT', `${upstream.Name} did not answer in time`)
          : new AppError('UNAVAILABLE', `${upstream.Name} is unavailable`);
        const { status, body } = toErrorBody(appError, trace.traceId);
        server.logger.warn(
          { upstream: upstream.Name, err: error, code: body.code },
          'upstream failed',
        );
        void reply.code(status).type('application/json; charset=utf-8').send(body);
      },
    },
  });
}

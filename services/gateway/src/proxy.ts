import proxy from '@fastify/http-proxy';
import {
  AppError,
  formatTraceparent,
  requestTrace,
  toErrorBody,
  type RestServer,
} from '@vigil/core';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Upstream } from './config.js';

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'FST_REPLY_FROM_GATEWAY_TIMEOUT',
]);

/**
 * Routes `/api/v1/<name>/*` to the upstream over a keep-alive pool. The upstream sees our span as
 * its parent (`traceparent`), a request id, and the client address in `x-forwarded-for` (which
 * @fastify/http-proxy does not add by itself).
 */
export async function registerUpstream(server: RestServer, upstream: Upstream): Promise<void> {
  const prefix = `/api/v1/${upstream.Name}`;
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
        return {
          ...headers,
          traceparent: formatTraceparent(requestTrace(request)),
          'x-forwarded-for': forwardedFor ? `${String(forwardedFor)}, ${request.ip}` : request.ip,
          'x-request-id': typeof requestId === 'string' ? requestId : randomUUID(),
        };
      },
      onError: (reply, { error }) => {
        const trace = requestTrace(reply.request);
        const code = (error as { code?: string }).code ?? '';
        const appError = TIMEOUT_CODES.has(code)
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

import {
  AppError,
  formatTraceparent,
  isAppError,
  requestTrace,
  runWithTrace,
  startSpan,
  toErrorBody,
  tracingEnabled,
  type FastifyReply,
  type FastifyRequest,
  type HttpClientMetrics,
  type RestServer,
  type Span,
} from '@vigil/core';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import type { Upstream } from './config.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * Headers that describe one hop, not the message (RFC 9110 §7.6.1), plus `host` (the pool sets
 * the upstream's). `traceparent` is replaced by ours on the way in and kept ours on the way out.
 * The headers a message's own `Connection` names are dropped too (see {@link hopHeaders}).
 */
const HOP_BY_HOP = new Set([
  'connection',
  // Node's server has already answered 100 Continue to the client; undici refuses the header.
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'traceparent',
]);

/**
 * Answers up to this size (by their content-length) are collected and sent as one buffer: API
 * responses are small, and piping them through a stream costs more than the request itself.
 * Larger or unsized answers (exports, reports) stream through with backpressure.
 */
const BUFFER_LIMIT_BYTES = 1 << 20;

/**
 * The hop-by-hop headers of one message: the fixed ones plus those its `Connection` header lists
 * (`Connection: keep-alive, x-secret` makes x-secret a hop-by-hop header, RFC 9110 §7.6.1).
 */
function hopHeaders(connection: string | string[] | undefined): Set<string> {
  // What nearly every message says: nothing more to drop, and nothing to split per request.
  if (connection === undefined || connection === 'keep-alive' || connection === 'close') {
    return HOP_BY_HOP;
  }
  const listed = String(connection)
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && t !== 'close' && t !== 'keep-alive' && !HOP_BY_HOP.has(t));
  return listed.length === 0 ? HOP_BY_HOP : new Set([...HOP_BY_HOP, ...listed]);
}

/** The headers the upstream gets: the client's, minus hop-by-hop ones, plus the edge's. */
function forwardHeaders(request: FastifyRequest, traceparent: string): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  const incoming = request.headers;
  const hop = hopHeaders(incoming.connection);
  for (const name in incoming) {
    if (!hop.has(name)) out[name] = incoming[name];
  }
  const forwardedFor = incoming['x-forwarded-for'];
  const requestId = incoming['x-request-id'];
  out.traceparent = traceparent;
  out['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${request.ip}` : request.ip;
  out['x-request-id'] = typeof requestId === 'string' ? requestId : randomUUID();
  return out;
}

/**
 * The request body as it goes upstream, cut at `maxBytes` with PAYLOAD_TOO_LARGE. A declared
 * length is checked before anything is read (Node's parser holds the body to it); a chunked body
 * is counted as it streams through.
 */
function limitedBody(
  request: FastifyRequest,
  payload: Readable,
  maxBytes: number,
): Readable | AppError {
  // The rest of the body is never read: the connection cannot carry another request after it.
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `The request body exceeds ${maxBytes} bytes`, {
      headers: { connection: 'close' },
    });
  const declared = request.headers['content-length'];
  if (declared !== undefined) return Number(declared) > maxBytes ? tooLarge() : payload;
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > maxBytes ? tooLarge() : null, chunk);
    },
  });
  payload.on('error', (err) => counter.destroy(err));
  return payload.pipe(counter);
}

interface CallContext {
  upstream: Upstream;
  metrics: HttpClientMetrics;
  server: RestServer;
}

/**
 * One proxied exchange on undici's lowest-level API: status and headers are copied to the reply,
 * the body is buffered (small) or streamed (large), and a failure before the headers becomes the
 * catalog's TIMEOUT or UNAVAILABLE envelope. The call is timed once its outcome is known.
 */
class ProxyExchange implements Dispatcher.DispatchHandler {
  private readonly start = performance.now();
  private chunks: Buffer[] | undefined;
  private stream: PassThrough | undefined;
  private bodyless = false;
  private observed = false;

  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly span: Span | undefined,
    private readonly context: CallContext,
  ) {}

  private observe(status: string, failed: boolean): void {
    if (this.observed) return;
    this.observed = true;
    const { upstream, metrics } = this.context;
    metrics.observe(
      upstream.Name,
      this.request.method,
      status,
      (performance.now() - this.start) / 1000,
    );
    const span = this.span;
    if (span) {
      if (/^\d+$/.test(status)) span.setAttribute('http.response.status_code', Number(status));
      if (failed) span.setError(status);
      span.end();
    }
  }

  /** Required by undici to recognise this handler API; nothing to do before the request. */
  onRequestStart(): void {}

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // 1xx informational: the final answer follows.
    this.observe(String(statusCode), statusCode >= 500);
    const reply = this.reply;
    if (reply.raw.destroyed) {
      // The client is gone: stop the upstream instead of reading an answer nobody gets.
      controller.abort(new Error('client closed the connection'));
      return;
    }
    const hop = hopHeaders(headers.connection);
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined && !hop.has(name)) void reply.header(name, value);
    }
    void reply.code(statusCode);
    const length = headers['content-length'];
    this.bodyless = this.request.method === 'HEAD' || statusCode === 204 || statusCode === 304;
    if (this.bodyless || (typeof length === 'string' && Number(length) <= BUFFER_LIMIT_BYTES)) {
      this.chunks = [];
    } else {
      const stream = new PassThrough();
      this.stream = stream;
      stream.on('drain', () => controller.resume());
      // A client that leaves mid-stream must free the upstream connection: paused for a drain
      // that never comes, it would be held (and undici's body timeout does not run) for ever.
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) {
          controller.abort(new Error('client closed the connection'));
        }
      });
      void reply.send(stream);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.chunks) this.chunks.push(chunk);
    else if (this.stream && !this.stream.write(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    if (this.bodyless) {
      // No payload: the upstream's framing headers stand as sent (an empty buffer would make
      // Fastify add `content-length: 0` to a HEAD or 304 answer).
      void this.reply.send();
    } else if (this.chunks) {
      const { chunks } = this;
      void this.reply.send(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    } else this.stream?.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const { upstream, server } = this.context;
    const code = (error as { code?: string }).code ?? '';
    const timedOut = TIMEOUT_CODES.has(code);
    this.observe(isAppError(error) ? 'aborted' : timedOut ? 'timeout' : 'unavailable', true);
    if (this.stream) {
      // Headers are on the wire already: all that is left is to cut the response short.
      this.stream.destroy(error);
      return;
    }
    if (this.reply.sent || this.reply.raw.destroyed) return;
    const trace = requestTrace(this.request);
    // The client's own fault (a chunked body over MaxBytes) is not the upstream's failure.
    const clientError = isAppError(error) ? error : undefined;
    const appError =
      clientError ??
      (timedOut
        ? new AppError('TIMEOUT', `${upstream.Name} did not answer in time`)
        : new AppError('UNAVAILABLE', `${upstream.Name} is unavailable`));
    const { status, body } = toErrorBody(appError, trace.traceId);
    if (!clientError) {
      runWithTrace(trace, () =>
        server.logger.warn(
          { upstream: upstream.Name, err: error, code: body.code },
          'upstream failed',
        ),
      );
    }
    if (appError.headers) void this.reply.headers(appError.headers);
    // Headers copied from a failed answer would describe the wrong body.
    this.reply.removeHeader('content-length');
    void this.reply.code(status).type('application/json; charset=utf-8').send(body);
  }
}

/**
 * Routes `/api/v1/<name>` and everything under it to the upstream over a keep-alive pool, the
 * path and query unchanged. The upstream sees our span as its parent (`traceparent`: the
 * outgoing call's client span when telemetry records spans, else the request's), a request id,
 * and the client address appended to `x-forwarded-for`. Request bodies pass through unparsed
 * (the upstream validates them). Each call is timed in
 * `vigil_http_client_duration_seconds{upstream,method,status}`.
 */
export async function registerUpstream(
  server: RestServer,
  upstream: Upstream,
  metrics: HttpClientMetrics,
  limits: { maxBytes: number },
): Promise<void> {
  const prefix = `/api/v1/${upstream.Name}`;
  const target = new URL(upstream.Url);
  const basePath = target.pathname.replace(/\/+$/, '');
  const pool = new Pool(target.origin, {
    connections: 128,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: upstream.TimeoutMs,
    bodyTimeout: upstream.TimeoutMs,
  });
  server.onClose(() => pool.close());
  const context: CallContext = { upstream, metrics, server };

  const proxy = (request: FastifyRequest, reply: FastifyReply): void => {
    const span = tracingEnabled()
      ? startSpan(`${request.method} ${prefix}/*`, {
          kind: 'client',
          parent: requestTrace(request),
          attributes: {
            'http.request.method': request.method,
            'server.address': target.host,
            'vigil.upstream': upstream.Name,
          },
        })
      : undefined;
    const traceparent = formatTraceparent(span ? span.context : requestTrace(request));
    const body = request.body as NodeJS.ReadableStream | undefined;
    pool.dispatch(
      {
        path: basePath + request.raw.url,
        method: request.method,
        headers: forwardHeaders(request, traceparent) as Record<string, string | string[]>,
        body: (body ?? null) as Dispatcher.DispatchOptions['body'],
      },
      new ProxyExchange(request, reply, span, context),
    );
  };

  await server.app.register(async (scope) => {
    // Bodies are forwarded as the raw request stream, whatever their type.
    scope.removeAllContentTypeParsers();
    // Fastify's bodyLimit covers parsed bodies only: a raw stream is limited here.
    scope.addContentTypeParser('*', (request, payload, done) => {
      const body = limitedBody(request, payload, limits.maxBytes);
      if (body instanceof AppError) done(body, undefined);
      else done(null, body);
    });
    scope.route({ method: METHODS, url: prefix, handler: proxy });
    scope.route({ method: METHODS, url: `${prefix}/*`, handler: proxy });
  });
}

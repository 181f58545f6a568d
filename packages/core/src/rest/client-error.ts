import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError, toErrorBody } from '../errors/index.js';
import { formatTraceparent, traceFromTraceparent } from '../trace/index.js';

/** The catalog error for a request Node's HTTP parser rejected before any route saw it. */
function parserError(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError('HEADERS_TOO_LARGE');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError('REQUEST_TIMEOUT');
  return new AppError('BAD_REQUEST', 'The request is not valid HTTP');
}

/**
 * Fastify's `clientErrorHandler`: oversized headers, a request that took too long to arrive, or
 * bytes that are not HTTP (both Content-Length and Transfer-Encoding, a header without a colon)
 * get the catalog envelope with a fresh trace id, like every other error, instead of Fastify's
 * own body; then the connection closes, as Node does.
 */
export function handleClientError(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection is already gone: nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const trace = traceFromTraceparent(undefined);
    const { status, body } = toErrorBody(parserError(err.code), trace.traceId);
    const text = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        `traceparent: ${formatTraceparent(trace)}\r\n` +
        'Connection: close\r\n\r\n' +
        text,
    );
  }
  socket.destroy(err);
}

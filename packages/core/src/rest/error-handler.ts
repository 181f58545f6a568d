import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, isAppError, toErrorBody, type ErrorDetail } from '../errors/index.js';
import { runWithTrace } from '../trace/index.js';
import { stateOf } from './request-state.js';

/**
 * Maps ajv's validation errors to `{field, reason}` details a client can act on. A union of
 * literals (`status: "screening" | "enrolled" | …`) fails once per literal: those become one
 * detail listing the allowed values, and the union's own "must match a schema in anyOf" goes.
 */
function validationDetails(error: FastifyError): ErrorDetail[] {
  const context = error.validationContext ?? 'body';
  const reasons = new Map<string, string[]>();
  const allowed = new Map<string, unknown[]>();
  for (const v of error.validation ?? []) {
    const missing = v.keyword === 'required' ? `/${String(v.params.missingProperty)}` : '';
    const where = `${v.instancePath}${missing}`.replace(/^\//, '').replace(/\//g, '.');
    const field = where ? `${context}.${where}` : context;
    if (!reasons.has(field)) reasons.set(field, []);
    if (v.keyword === 'const') {
      allowed.set(field, [...(allowed.get(field) ?? []), v.params.allowedValue]);
      continue;
    }
    const reason = v.keyword === 'required' ? 'is required' : (v.message ?? 'is invalid');
    if (!reasons.get(field)!.includes(reason)) reasons.get(field)!.push(reason);
  }
  const details: ErrorDetail[] = [];
  for (const [field, list] of reasons) {
    const values = allowed.get(field);
    if (values) {
      const anyOf = 'must match a schema in anyOf';
      details.push({ field, reason: `must be one of: ${values.map(String).join(', ')}` });
      for (const reason of list) if (reason !== anyOf) details.push({ field, reason });
    } else {
      for (const reason of list) details.push({ field, reason });
    }
  }
  return details;
}

/** Translates any error (ours, Fastify's, unknown) into a catalog error. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fe = error as Partial<FastifyError>;
  if (fe.validation) {
    return new AppError('VALIDATION_FAILED', undefined, {
      cause: error,
      details: validationDetails(fe as FastifyError),
    });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', undefined, { cause: error });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', undefined, { cause: error });
    case 'FST_ERR_BAD_URL':
      return new AppError('BAD_REQUEST', 'The URL has a malformed percent-encoding', {
        cause: error,
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URI_TOO_LONG', undefined, { cause: error });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('BAD_REQUEST', fe.message, { cause: error });
    default:
      break;
  }
  if (error instanceof SyntaxError || (fe.statusCode === 400 && fe.code?.startsWith('FST_'))) {
    return new AppError('BAD_REQUEST', 'The request body is not valid JSON', { cause: error });
  }
  return new AppError('INTERNAL', undefined, { cause: error });
}

/** Fastify error handler: one envelope for every error, a log line with the cause for 5xx. */
export function createErrorHandler(logger: Logger) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const appError = toAppError(error);
    const state = stateOf(request);
    const trace = state.trace;
    const { status, body } = toErrorBody(appError, trace.traceId);
    // The span gets the catalog code; only a server-side failure marks it failed.
    if (status >= 500) state.span?.recordError(appError);
    else state.span?.setAttribute('error.type', body.code);
    if (status >= 500) {
      const cause = appError.cause ?? appError;
      // Errors of the hooks before the handler happen outside the request's scope: the line
      // gets its ids from the request's trace made current for it.
      runWithTrace(trace, () =>
        logger.error(
          { err: cause, route: request.routeOptions.url, code: body.code },
          'request failed',
        ),
      );
    }
    if (appError.headers) void reply.headers(appError.headers);
    void reply.code(status).type('application/json; charset=utf-8').send(body);
  };
}

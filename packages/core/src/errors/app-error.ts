import { errorCatalog, GrpcStatus, type ErrorCode } from './catalog.js';

/** One problem with one input field, for `VALIDATION_FAILED` and similar. */
export interface ErrorDetail {
  /** Where: a JSON pointer-ish path (`/patients/3/mobile`) or a parameter name. */
  readonly field: string;
  /** Why, for a person. */
  readonly reason: string;
}

/** The only error type Vigil code throws: a catalog code, a message and optional details. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[] | undefined;
  /** Extra response headers (e.g. `Retry-After` for `RATE_LIMITED`). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: {
      cause?: unknown;
      details?: readonly ErrorDetail[];
      headers?: Record<string, string>;
    },
  ) {
    super(message ?? errorCatalog[code].message, { cause: options?.cause });
    this.code = code;
    this.details = options?.details;
    this.headers = options?.headers;
  }

  get httpStatus(): number {
    return errorCatalog[this.code].http;
  }

  get grpcStatus(): number {
    return GrpcStatus[errorCatalog[this.code].grpc];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  traceId: string;
  details?: ErrorDetail[];
}

/** Builds the response envelope; unknown errors become `INTERNAL` with no internals exposed. */
export function toErrorBody(err: unknown, traceId: string): { status: number; body: ErrorBody } {
  const appError = isAppError(err) ? err : new AppError('INTERNAL');
  const body: ErrorBody = { code: appError.code, message: appError.message, traceId };
  if (appError.details?.length) body.details = [...appError.details];
  return { status: appError.httpStatus, body };
}

/** `value` as an Error: something thrown or rejected that is not one gets wrapped. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * The one catalog of stable error codes (STYLE.md §5). A code is never renamed or reused once
 * shipped; retire it by leaving it here with `retired: true`.
 *
 * gRPC status numbers follow grpc/status.h; the HTTP↔gRPC pairing follows go-zero's
 * rest/internal/errcode/grpc.go and Google's AIP-193 table.
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcStatusName = keyof typeof GrpcStatus;

/** One catalog entry: default message, HTTP status and gRPC status. */
export interface ErrorSpec {
  readonly message: string;
  readonly http: number;
  readonly grpc: GrpcStatusName;
  /** Documentation: when the code is used. */
  readonly doc: string;
}

export const errorCatalog = {
  // Platform-wide codes.
  VALIDATION_FAILED: {
    message: 'The request is invalid',
    http: 400,
    grpc: 'INVALID_ARGUMENT',
    doc: 'A request field is missing, has the wrong type or is out of range; `details` lists each field and why.',
  },
  BAD_REQUEST: {
    message: 'The request could not be read',
    http: 400,
    grpc: 'INVALID_ARGUMENT',
    doc: 'Malformed request: a body that is not valid JSON, a malformed percent-encoding in the URL.',
  },
  UNAUTHENTICATED: {
    message: 'Authentication is required',
    http: 401,
    grpc: 'UNAUTHENTICATED',
    doc: 'No token, or a token that is expired, forged or revoked.',
  },
  FORBIDDEN: {
    message: 'You are not allowed to do this',
    http: 403,
    grpc: 'PERMISSION_DENIED',
    doc: 'The caller is authenticated but their role does not allow the operation.',
  },
  NOT_FOUND: {
    message: 'Not found',
    http: 404,
    grpc: 'NOT_FOUND',
    doc: 'No route or resource at this address.',
  },
  METHOD_NOT_ALLOWED: {
    message: 'Method not allowed',
    http: 405,
    grpc: 'UNIMPLEMENTED',
    doc: 'The path exists but not for this HTTP method.',
  },
  REQUEST_TIMEOUT: {
    message: 'The request took too long to arrive',
    http: 408,
    grpc: 'DEADLINE_EXCEEDED',
    doc: "The client did not send the whole request within the server's request timeout.",
  },
  CONFLICT: {
    message: 'The resource changed or already exists',
    http: 409,
    grpc: 'ALREADY_EXISTS',
    doc: 'A unique key already exists, or a concurrent update won.',
  },
  PAYLOAD_TOO_LARGE: {
    message: 'The request body is too large',
    http: 413,
    grpc: 'RESOURCE_EXHAUSTED',
    doc: "The body exceeds MaxBytes (service config or the route's `maxBytes`).",
  },
  URI_TOO_LONG: {
    message: 'A path parameter is too long',
    http: 414,
    grpc: 'INVALID_ARGUMENT',
    doc: 'A path parameter is longer than 500 characters.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    message: 'Unsupported content type',
    http: 415,
    grpc: 'INVALID_ARGUMENT',
    doc: 'The body has a content type the route does not accept.',
  },
  RATE_LIMITED: {
    message: 'Too many requests',
    http: 429,
    grpc: 'RESOURCE_EXHAUSTED',
    doc: 'A rate limit was hit; `Retry-After` says when to try again.',
  },
  HEADERS_TOO_LARGE: {
    message: 'The request headers are too large',
    http: 431,
    grpc: 'RESOURCE_EXHAUSTED',
    doc: "The request's headers exceed the server's limit (Node's 16 KiB by default).",
  },
  INTERNAL: {
    message: 'Internal error',
    http: 500,
    grpc: 'INTERNAL',
    doc: 'An unexpected failure; the trace id finds the log line with the cause.',
  },
  NOT_IMPLEMENTED: {
    message: 'Not implemented',
    http: 501,
    grpc: 'UNIMPLEMENTED',
    doc: 'The operation is declared in the contract but has no implementation.',
  },
  UPSTREAM_FAILED: {
    message: 'A dependency failed',
    http: 502,
    grpc: 'UNAVAILABLE',
    doc: 'A downstream service answered with an unexpected error.',
  },
  OVERLOADED: {
    message: 'The service is overloaded, try again shortly',
    http: 503,
    grpc: 'UNAVAILABLE',
    doc: 'Adaptive load shedding or MaxConns rejected the request before it did any work.',
  },
  UNAVAILABLE: {
    message: 'The service is unavailable',
    http: 503,
    grpc: 'UNAVAILABLE',
    doc: 'The service is shutting down, or a dependency is unreachable (circuit breaker open).',
  },
  TIMEOUT: {
    message: 'The request timed out',
    http: 504,
    grpc: 'DEADLINE_EXCEEDED',
    doc: "The request did not finish within its timeout or the caller's deadline.",
  },
  CANCELLED: {
    message: 'The request was cancelled by the client',
    http: 499,
    grpc: 'CANCELLED',
    doc: 'The client went away before the answer was ready.',
  },
  CONFIG_INVALID: {
    message: 'The service configuration is invalid',
    http: 500,
    grpc: 'INTERNAL',
    doc: 'Start-up only: a config file is unreadable, not YAML, or fails its schema; never sent to a client.',
  },
  // Service-specific codes (<ENTITY>_<PROBLEM>).
  PATIENT_NOT_FOUND: {
    message: 'Patient not found',
    http: 404,
    grpc: 'NOT_FOUND',
    doc: "No patient with this id, or one outside the caller's site scope (existence is not revealed).",
  },
  ACCOUNT_LOCKED: {
    message: 'The account is locked, try again later',
    http: 423,
    grpc: 'PERMISSION_DENIED',
    doc: 'Too many failed logins within the lockout window.',
  },
  TRIAL_NOT_FOUND: {
    message: 'Trial not found',
    http: 404,
    grpc: 'NOT_FOUND',
    doc: "No trial with this id, or none of its sites is in the caller's scope.",
  },
  SITE_NOT_FOUND: {
    message: 'Site not found',
    http: 404,
    grpc: 'NOT_FOUND',
    doc: 'No site with this id (enrolment into, or a transfer to, an unknown site).',
  },
  REASON_REQUIRED: {
    message: 'A reason for the change is required',
    http: 400,
    grpc: 'INVALID_ARGUMENT',
    doc: 'An update of clinical data without `reason` (audit trail requirement, ICH E6 / 21 CFR 11).',
  },
  PLAN_NOT_FOUND: {
    message: 'No visit plan for this patient',
    http: 404,
    grpc: 'NOT_FOUND',
    doc: "The follow-up worker has not created the patient's visit plan (yet), or the patient is outside the caller's site scope.",
  },
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code from the catalog. */
export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}

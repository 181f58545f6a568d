import * as grpc from '@grpc/grpc-js';
import {
  AppError,
  ERROR_CODE_METADATA_KEY,
  errorCatalog,
  errorCodeFromGrpc,
  GrpcStatus,
  isAppError,
  type ErrorCode,
} from '../errors/index.js';

/** What the server sends for a failed call: status, message and the catalog code as trailer. */
export interface RpcErrorStatus {
  code: number;
  details: string;
  metadata: grpc.Metadata;
  errorCode: ErrorCode;
}

/**
 * Turns anything a handler threw into a gRPC status. An AppError keeps its catalog code (sent in
 * the `vigil-error-code` trailer) and message; anything else becomes `INTERNAL` with the catalog's
 * generic message, so internals and stacks never reach the caller.
 */
export function toRpcStatus(err: unknown): RpcErrorStatus {
  const appError = isAppError(err) ? err : new AppError('INTERNAL');
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, appError.code);
  return {
    code: GrpcStatus[errorCatalog[appError.code].grpc],
    details: appError.message,
    metadata,
    errorCode: appError.code,
  };
}

/** The name of a gRPC status number, for metric labels and logs (`NOT_FOUND`). */
export function grpcStatusName(code: number): string {
  return statusNames[code] ?? 'UNKNOWN';
}

const statusNames: Record<number, string> = Object.fromEntries(
  Object.entries(GrpcStatus).map(([name, code]) => [code, name]),
);

/**
 * Maps a failed call (grpc-js ServiceError) back to an AppError: the catalog code from the
 * trailer when it agrees with the status (a Vigil server), else go-zero's status→code table. The
 * peer's message is kept only for a Vigil code (catalog messages are safe to show); a foreign
 * server's details could leak internals, so they stay in `cause` for the log.
 */
export function fromServiceError(err: grpc.ServiceError): AppError {
  const sent = err.metadata?.get(ERROR_CODE_METADATA_KEY)[0];
  const metadataCode = typeof sent === 'string' ? sent : undefined;
  const code = errorCodeFromGrpc(err.code, metadataCode);
  const trusted = metadataCode === code;
  return new AppError(code, trusted && err.details ? err.details : undefined, { cause: err });
}

/**
 * gRPC statuses that mean the downstream is unhealthy, so its breaker counts a failure
 * (go-zero zrpc/internal/codes/accept.go). Everything else (NOT_FOUND, INVALID_ARGUMENT…) is the
 * caller's problem and counts as a healthy answer.
 */
export function isBreakerFailure(code: number): boolean {
  switch (code) {
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.INTERNAL:
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DATA_LOSS:
    case GrpcStatus.UNIMPLEMENTED:
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

import { errorCatalog, GrpcStatus, isErrorCode, type ErrorCode } from './catalog.js';

/**
 * The catalog code a bare gRPC status maps to when the peer sent no `vigil-error-code` metadata
 * (a non-Vigil server). Mirrors go-zero's rest/internal/errcode/grpc.go table.
 */
const fallbackByGrpcStatus: Record<number, ErrorCode> = {
  [GrpcStatus.CANCELLED]: 'CANCELLED',
  [GrpcStatus.INVALID_ARGUMENT]: 'VALIDATION_FAILED',
  [GrpcStatus.DEADLINE_EXCEEDED]: 'TIMEOUT',
  [GrpcStatus.NOT_FOUND]: 'NOT_FOUND',
  [GrpcStatus.ALREADY_EXISTS]: 'CONFLICT',
  [GrpcStatus.PERMISSION_DENIED]: 'FORBIDDEN',
  [GrpcStatus.RESOURCE_EXHAUSTED]: 'RATE_LIMITED',
  [GrpcStatus.FAILED_PRECONDITION]: 'CONFLICT',
  [GrpcStatus.ABORTED]: 'CONFLICT',
  [GrpcStatus.OUT_OF_RANGE]: 'VALIDATION_FAILED',
  [GrpcStatus.UNIMPLEMENTED]: 'NOT_IMPLEMENTED',
  [GrpcStatus.UNAVAILABLE]: 'UNAVAILABLE',
  [GrpcStatus.UNAUTHENTICATED]: 'UNAUTHENTICATED',
};

/** Metadata key carrying the catalog code on gRPC errors. */
export const ERROR_CODE_METADATA_KEY = 'vigil-error-code';

/** Maps a gRPC status (and the optional catalog code sent in metadata) back to a catalog code. */
export function errorCodeFromGrpc(status: number, metadataCode?: string): ErrorCode {
  if (isErrorCode(metadataCode) && GrpcStatus[errorCatalog[metadataCode].grpc] === status) {
    return metadataCode;
  }
  return fallbackByGrpcStatus[status] ?? 'INTERNAL';
}

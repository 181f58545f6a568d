export { errorCatalog, GrpcStatus, isErrorCode } from './catalog.js';
export type { ErrorCode, ErrorSpec, GrpcStatusName } from './catalog.js';
export { AppError, asError, isAppError, toErrorBody } from './app-error.js';
export type { ErrorBody, ErrorDetail } from './app-error.js';
export { errorCodeFromGrpc, ERROR_CODE_METADATA_KEY } from './grpc-map.js';

export {
  AppError,
  errorCatalog,
  errorCodeFromGrpc,
  ERROR_CODE_METADATA_KEY,
  GrpcStatus,
  isAppError,
  isErrorCode,
  toErrorBody,
} from './errors/index.js';
export type {
  ErrorBody,
  ErrorCode,
  ErrorDetail,
  ErrorSpec,
  GrpcStatusName,
} from './errors/index.js';

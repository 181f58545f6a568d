export { createLogger } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { isSensitiveKey, redact, REDACTED, scrubText } from './redact.js';
export { createAccessLogWriter } from './access-log.js';
export type { AccessEntry } from './access-log.js';
export { createBatchedDestination } from './batched-destination.js';
export type { BatchedDestination } from './batched-destination.js';

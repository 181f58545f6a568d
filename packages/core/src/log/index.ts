export { createLogger } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { isSensitiveKey, redact, REDACTED, scrubText } from './redact.js';

export { isReachable, requireService, serviceUrls } from './services.js';
export type { ServiceName } from './services.js';
export { waitFor } from './wait.js';
export { parseOtlpJson, startOtlpReceiver } from './otlp-receiver.js';
export type { OtlpReceiver, ReceivedSpan } from './otlp-receiver.js';
export { parsePrometheusText } from './prometheus-text.js';
export type { PromFamily, PromSample } from './prometheus-text.js';

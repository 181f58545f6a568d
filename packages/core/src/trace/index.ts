export {
  currentTrace,
  enterTrace,
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
  runWithTrace,
  traceFromTraceparent,
} from './trace-context.js';
export type { TraceContext } from './trace-context.js';
export { isSampled, startSpan, tracingEnabled } from './span.js';
export type { Span, SpanAttributes, SpanKindName, SpanOptions } from './span.js';
export {
  flushTelemetry,
  initTelemetry,
  otlpHttpTracesUrl,
  shutdownTelemetry,
} from './telemetry.js';
export type { Telemetry, TelemetryOptions } from './telemetry.js';

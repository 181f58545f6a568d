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

import pino, { type DestinationStream, type Logger } from 'pino';
import { currentTrace } from '../trace/index.js';
import { redact } from './redact.js';

/** Logger options; `destination` lets tests collect lines. */
export interface LoggerOptions {
  service: string;
  level?: pino.LevelWithSilent;
  destination?: DestinationStream;
}

/**
 * A pino logger writing JSON lines with `time, level, service, msg, trace_id, span_id` — the same
 * fields as go-zero's logx. Trace ids come from the active trace context, so a logic's log line
 * carries its request's ids without passing them around. Sensitive fields are redacted at any
 * depth before a line is written.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object),
      },
      mixin() {
        const trace = currentTrace();
        return trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {};
      },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

export type { Logger };

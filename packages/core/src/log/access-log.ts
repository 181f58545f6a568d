import pino, { type Logger } from 'pino';

/** One access log entry: what go-zero's LogHandler writes per request. */
export interface AccessEntry {
  traceId: string;
  spanId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  bytes: number;
}

let cachedMs = 0;
let cachedIso = '';

/** ISO time, formatted once per millisecond (many requests share one). */
export function isoNow(): string {
  const now = Date.now();
  if (now !== cachedMs) {
    cachedMs = now;
    cachedIso = new Date(now).toISOString();
  }
  return cachedIso;
}

/**
 * A writer for the per-request access line, in exactly the logger's JSON line shape (`time,
 * level, service, msg, trace_id, span_id` + request fields) but written straight to its
 * destination. Every field is ours and non-personal, so the generic redaction and formatting
 * pipeline (≈ 7 µs a line here, a third of a raw Fastify request) is skipped.
 */
export function createAccessLogWriter(logger: Logger): (entry: AccessEntry) => void {
  const stream = (logger as unknown as Record<symbol, { write(line: string): void }>)[
    pino.symbols.streamSym
  ];
  const service = JSON.stringify(String((logger.bindings() as { service?: string }).service ?? ''));
  if (!stream) return (e) => logger.info({ ...e }, 'request');
  // Methods and route templates are few: each is JSON-encoded once.
  const encoded = new Map<string, string>();
  const json = (value: string) => {
    let out = encoded.get(value);
    if (out === undefined) {
      out = JSON.stringify(value);
      if (encoded.size < 10_000) encoded.set(value, out);
    }
    return out;
  };
  return (e) => {
    if (!logger.isLevelEnabled('info')) return;
    stream.write(
      `{"level":"info","time":"${isoNow()}","service":${service},"trace_id":"${e.traceId}","span_id":"${e.spanId}","method":${json(e.method)},"route":${json(e.route)},"status":${e.status},"duration_ms":${e.durationMs},"bytes":${e.bytes},"msg":"request"}\n`,
    );
  };
}

import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span as OtelSpan,
  type Tracer,
} from '@opentelemetry/api';
import { isAppError } from '../errors/index.js';
import { newSpanId, newTraceId, type TraceContext } from './trace-context.js';

/** What a span stands for (OpenTelemetry SpanKind, lower case). */
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** Span attribute values; undefined values are skipped. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** Options of {@link startSpan}. */
export interface SpanOptions {
  kind?: SpanKindName;
  attributes?: SpanAttributes;
  /** The parent span's context; a new trace starts when absent. */
  parent?: TraceContext | undefined;
  /** When the work began, epoch ms (a span recorded after the fact); now when absent. */
  startTime?: number;
}

/** One unit of work in a trace. Its `context` is what logs and outgoing calls carry. */
export interface Span {
  /** This span's ids: `spanId` is the exported span's id, so log lines and traces agree. */
  readonly context: TraceContext;
  /** True when the span is sampled and will be exported. */
  readonly recording: boolean;
  setAttribute(key: string, value: string | number | boolean): void;
  /** Marks the span failed: status ERROR, `error.type` = the catalog code or error name. */
  recordError(err: unknown): void;
  /** Marks the span failed with a description (no error object at hand, e.g. HTTP 503). */
  setError(description: string): void;
  /** Ends the span; later calls are ignored. */
  end(): void;
}

const KIND: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

let tracer: Tracer | undefined;

/** Installs (or removes) the tracer spans are recorded with; telemetry.ts owns the provider. */
export function setActiveTracer(next: Tracer | undefined): void {
  tracer = next;
}

/**
 * True while an exporter is configured. Hot paths test this first so that, with `Batcher: none`,
 * they do exactly what they did before tracing existed.
 */
export function tracingEnabled(): boolean {
  return tracer !== undefined;
}

/** True when the context's trace is sampled (W3C trace-flags bit 0): its spans are exported. */
export function isSampled(context: TraceContext): boolean {
  return (context.flags & 1) === 1;
}

// Contexts made by startSpan in this process: their parent link is local, not remote.
const localContexts = new WeakSet<TraceContext>();

/** A span that records nothing: ids only, as Vigil propagated before OpenTelemetry. */
class IdOnlySpan implements Span {
  readonly recording = false;
  constructor(readonly context: TraceContext) {}
  setAttribute(): void {}
  recordError(): void {}
  setError(): void {}
  end(): void {}
}

function cleanAttributes(attributes: SpanAttributes | undefined): Attributes | undefined {
  if (!attributes) return undefined;
  const out: Attributes = {};
  for (const k in attributes) {
    const v = attributes[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Error type of a failure: the catalog code for AppErrors (stable, low cardinality). */
function errorType(err: unknown): string {
  if (isAppError(err)) return err.code;
  return err instanceof Error ? err.name : 'Error';
}

class RecordedSpan implements Span {
  private ended = false;
  constructor(
    private readonly span: OtelSpan,
    readonly context: TraceContext,
  ) {}

  get recording(): boolean {
    return this.span.isRecording();
  }

  setAttribute(key: string, value: string | number | boolean): void {
    this.span.setAttribute(key, value);
  }

  recordError(err: unknown): void {
    const type = errorType(err);
    this.span.setAttribute('error.type', type);
    // The code, never the message or stack: messages may quote request data.
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }

  setError(description: string): void {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: description });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }
}

/** A child context of `parent` (or a new trace) with fresh ids, nothing recorded. */
function idOnlyContext(parent: TraceContext | undefined): TraceContext {
  if (!parent) return { traceId: newTraceId(), spanId: newSpanId(), flags: 1 };
  return {
    traceId: parent.traceId,
    spanId: newSpanId(),
    parentSpanId: parent.spanId,
    flags: parent.flags,
  };
}

/**
 * Starts a span. With telemetry on, an OpenTelemetry span is created as a child of `parent` (the
 * sampler is parent-based, so an unsampled caller stays unsampled) and the returned context holds
 * that span's ids; with telemetry off, only new ids are made. The span is not made active: run
 * the work inside `runWithTrace(span.context, …)` when logs and outgoing calls should see it.
 */
export function startSpan(name: string, options: SpanOptions = {}): Span {
  const { parent } = options;
  // The sampler is parent-based: a child of an unsampled span is never sampled, so the SDK
  // (ids, sampler, context objects: ≈ 2–4 µs a span) is skipped for it.
  if (!tracer || (parent && !isSampled(parent))) return new IdOnlySpan(idOnlyContext(parent));
  const parentContext = parent
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId: parent.traceId,
        spanId: parent.spanId,
        traceFlags: parent.flags & 1,
        isRemote: !localContexts.has(parent),
      })
    : ROOT_CONTEXT;
  const span = tracer.startSpan(
    name,
    {
      kind: KIND[options.kind ?? 'internal'],
      attributes: cleanAttributes(options.attributes),
      startTime: options.startTime,
    },
    parentContext,
  );
  const ids = span.spanContext();
  const context: TraceContext = parent
    ? {
        traceId: ids.traceId,
        spanId: ids.spanId,
        parentSpanId: parent.spanId,
        flags: ids.traceFlags,
      }
    : { traceId: ids.traceId, spanId: ids.spanId, flags: ids.traceFlags };
  localContexts.add(context);
  return new RecordedSpan(span, context);
}

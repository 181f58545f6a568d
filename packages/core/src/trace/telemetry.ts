import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from '../config/index.js';
import { setActiveTracer } from './span.js';

/** Test seams and tuning of {@link initTelemetry}. */
export interface TelemetryOptions {
  /** Export here instead of the OTLP exporter `Batcher` names (tests: an in-memory exporter). */
  exporter?: SpanExporter;
  /** Hand each span to the exporter as it ends instead of in batches (tests). */
  synchronous?: boolean;
}

/** The running telemetry of a process. */
export interface Telemetry {
  /** False with `Batcher: none`: spans are ids only and nothing is exported. */
  readonly enabled: boolean;
  /** Exports the spans ended so far. */
  flush(): Promise<void>;
  /** Flushes and stops exporting; spans are ids only afterwards. Idempotent. */
  shutdown(): Promise<void>;
}

interface Provider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

let active: { provider: Provider; stopping?: Promise<void> } | undefined;

const disabled: Telemetry = {
  enabled: false,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * The OTLP/HTTP traces URL for an `Endpoint`: go-zero writes `host:port`, OpenTelemetry a base URL;
 * both get `/v1/traces` (go-zero's default OtlpHttpPath) unless a path is already there.
 */
export function otlpHttpTracesUrl(endpoint: string): string {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/traces';
  return url.toString();
}

async function createExporter(config: TelemetryConfig): Promise<SpanExporter> {
  // Without Endpoint the exporters read OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT themselves.
  if (config.Batcher === 'otlpgrpc') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
    const url = config.Endpoint
      ? /:\/\//.test(config.Endpoint)
        ? config.Endpoint
        : `http://${config.Endpoint}`
      : undefined;
    return new OTLPTraceExporter(url ? { url } : {});
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter(config.Endpoint ? { url: otlpHttpTracesUrl(config.Endpoint) } : {});
}

/**
 * Starts recording and exporting spans for this process (go-zero's `trace.StartAgent`): a
 * BasicTracerProvider with a batch processor and the OTLP exporter `Batcher` names, sampling new
 * traces at `Sampler` and following the caller's decision otherwise (ParentBased(TraceIdRatio)).
 * With `Batcher: none` nothing is loaded and Vigil only propagates ids, as before. No global
 * context manager or instrumentation is registered: the runtime's own hooks (REST, gRPC, DB,
 * cache, queue) create the spans, and `trace-context.ts` stays the one propagation mechanism.
 */
export async function initTelemetry(
  config: TelemetryConfig,
  serviceName: string,
  options: TelemetryOptions = {},
): Promise<Telemetry> {
  if (config.Batcher === 'none' && !options.exporter) return disabled;
  if (active) await shutdownTelemetry();
  const [sdk, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  const exporter = options.exporter ?? (await createExporter(config));
  const processor = options.synchronous
    ? new sdk.SimpleSpanProcessor(exporter)
    : new sdk.BatchSpanProcessor(exporter);
  const provider = new sdk.BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.Name ?? serviceName }),
    sampler: new sdk.ParentBasedSampler({
      root: new sdk.TraceIdRatioBasedSampler(config.Sampler),
    }),
    spanProcessors: [processor],
  });
  const state: NonNullable<typeof active> = { provider };
  active = state;
  setActiveTracer(provider.getTracer('@vigil/core'));
  return {
    enabled: true,
    flush: () => (active === state ? provider.forceFlush() : Promise.resolve()),
    shutdown: () =>
      active === state ? shutdownTelemetry() : (state.stopping ?? Promise.resolve()),
  };
}

/** Exports the spans ended so far (graceful shutdown calls it last); a no-op when off. */
export async function flushTelemetry(): Promise<void> {
  await active?.provider.forceFlush();
}

/** Flushes and stops the process's telemetry; spans are ids only afterwards. */
export function shutdownTelemetry(): Promise<void> {
  const state = active;
  if (!state) return Promise.resolve();
  active = undefined;
  setActiveTracer(undefined);
  state.stopping ??= state.provider.shutdown();
  return state.stopping;
}

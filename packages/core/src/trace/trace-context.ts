import { randomFillSync } from 'node:crypto';
import { currentScope, enterScope, runInScope } from '../context/scope.js';

/** The W3C trace context of the unit of work in progress (request, RPC, queue message). */
export interface TraceContext {
  /** 32 lowercase hex chars. */
  readonly traceId: string;
  /** 16 lowercase hex chars: this process's span for the unit of work. */
  readonly spanId: string;
  /** The caller's span, when the context came from a `traceparent`. */
  readonly parentSpanId?: string;
  /** W3C trace-flags; bit 0 = sampled. */
  readonly flags: number;
}

// Ids are cut from a pooled random hex string: one randomFillSync and one hex encoding per 256
// trace ids instead of a native call per id keeps id generation off the request path's profile.
const pool = Buffer.alloc(4096);
let hexPool = '';
let hexOffset = 0;

function randomHex(bytes: number): string {
  const chars = bytes * 2;
  if (hexOffset + chars > hexPool.length) {
    randomFillSync(pool);
    hexPool = pool.toString('hex');
    hexOffset = 0;
  }
  const hex = hexPool.slice(hexOffset, hexOffset + chars);
  hexOffset += chars;
  return hex;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** A new random trace id (never all zeros). */
export function newTraceId(): string {
  const id = randomHex(16);
  return id === ZERO_TRACE ? newTraceId() : id;
}

/** A new random span id (never all zeros). */
export function newSpanId(): string {
  const id = randomHex(8);
  return id === ZERO_SPAN ? newSpanId() : id;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/**
 * Parses a W3C `traceparent` header (Trace Context §3.2). Invalid values (bad shape, all-zero ids,
 * version ff, extra data on version 00) yield undefined, so the receiver starts a new trace.
 */
export function parseTraceparent(
  header: string | undefined,
): { traceId: string; parentSpanId: string; flags: number } | undefined {
  if (!header) return undefined;
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!m) return undefined;
  const [, version, traceId, parentSpanId, flags] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (version === 'ff' || traceId === ZERO_TRACE || parentSpanId === ZERO_SPAN) return undefined;
  if (version === '00' && header.trim().length !== 55) return undefined;
  return { traceId, parentSpanId, flags: Number.parseInt(flags, 16) };
}

/** Formats the `traceparent` to send downstream for a context (our span becomes their parent). */
export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags.toString(16).padStart(2, '0')}`;
}

/** Continues the trace named by an incoming `traceparent`, or starts a new sampled one. */
export function traceFromTraceparent(header: string | undefined): TraceContext {
  const parent = parseTraceparent(header);
  if (parent) {
    return {
      traceId: parent.traceId,
      parentSpanId: parent.parentSpanId,
      spanId: newSpanId(),
      flags: parent.flags,
    };
  }
  return { traceId: newTraceId(), spanId: newSpanId(), flags: 1 };
}

/** The active scope with `ctx` as its trace (deadline and credentials kept). */
function scopeWithTrace(ctx: TraceContext) {
  const outer = currentScope();
  return outer ? { ...outer, trace: ctx } : { trace: ctx };
}

/** Runs `fn` with `ctx` as the active trace context (visible to logs and outgoing calls). */
export function runWithTrace<T>(ctx: TraceContext, fn: () => T): T {
  return runInScope(scopeWithTrace(ctx), fn);
}

/** Makes `ctx` the active trace context for the rest of the current async execution. */
export function enterTrace(ctx: TraceContext): void {
  enterScope(scopeWithTrace(ctx));
}

/** The active trace context, if any. */
export function currentTrace(): TraceContext | undefined {
  return currentScope()?.trace;
}

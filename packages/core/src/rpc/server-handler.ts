import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors/index.js';
import type { Shedder } from '../resilience/index.js';
import { findUnstorableText, unstorableTextError } from '../store/unstorable-text.js';
import {
  runWithTrace,
  traceFromTraceparent,
  tracingEnabled,
  type TraceContext,
} from '../trace/index.js';
import { runWithDeadline } from './deadline.js';
import type { RpcAccessEntry } from './access-log.js';
import type { MethodMetrics } from './metrics.js';
import { endRpcSpan, startRpcServerSpan } from './rpc-span.js';
import { grpcStatusName, toRpcStatus } from './status.js';

/** What a unary handler knows about its call besides the request message. */
export interface RpcContext {
  /** Full method path, `/vigil.patient.Patient/GetPatient`. */
  readonly method: string;
  /** The request metadata as received. */
  readonly metadata: grpc.Metadata;
  /** Epoch ms by which the answer must be sent (caller's deadline capped by the server Timeout). */
  readonly deadline: number | undefined;
  /** Aborted when the deadline passes or the caller cancels: pass it to DB queries, fetches. */
  readonly signal: AbortSignal;
  /** This call's trace context (continued from the caller's `traceparent`). */
  readonly trace: TraceContext;
  /** The caller's `authorization` metadata, if any. */
  readonly authorization: string | undefined;
  /** The caller's address, `ipv4:127.0.0.1:53412`. */
  readonly peer: string;
}

/** A unary method implementation: resolves to the response or throws (ideally an AppError). */
export type UnaryHandler<TRequest = unknown, TResponse = unknown> = (
  request: TRequest,
  ctx: RpcContext,
) => Promise<TResponse>;

/** What {@link wrapUnary} needs from the server. */
export interface WrapDeps {
  logger: Logger;
  /** Metrics of this method. */
  metrics: MethodMetrics;
  shedder: Shedder;
  /** Server Timeout, ms; 0 = only the caller's deadline. */
  timeoutMs: number;
  slowMs: number;
  /** Access line writer, or undefined when AccessLog is off. */
  accessLog: ((entry: RpcAccessEntry) => void) | undefined;
}

function firstString(metadata: grpc.Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Wraps a unary handler in the server chain, in go-zero's order (zrpc/server.go): trace context
 * from `traceparent` → access log + metrics (around everything, so shed and timed-out calls are
 * counted too) → adaptive shedding → deadline (caller's `grpc-timeout` capped by Timeout, go-zero
 * TimeoutInterceptor) → recovery (any throw becomes a status with the catalog code in the
 * `vigil-error-code` trailer). One closure per method instead of grpc-js server interceptors: the
 * chain is plain function calls and the handler sees a ready-made context.
 */
export function wrapUnary(
  method: string,
  handler: UnaryHandler,
  deps: WrapDeps,
): grpc.handleUnaryCall<unknown, unknown> {
  const { logger, metrics, shedder, timeoutMs, slowMs, accessLog } = deps;
  return (call, callback) => {
    const start = performance.now();
    const traceparent = firstString(call.metadata, 'traceparent');
    const span = tracingEnabled() ? startRpcServerSpan(method, traceparent) : undefined;
    const trace = span ? span.context : traceFromTraceparent(traceparent);
    runWithTrace(trace, () => {
      let finished = false;
      let timer: NodeJS.Timeout | undefined;
      let admission: ReturnType<Shedder['allow']> | undefined;
      // The AbortSignal is made only when the handler asks for it: creating one costs more
      // than the rest of the chain together (Node 20), and most handlers never look.
      let controller: AbortController | undefined;
      let abortReason: AppError | undefined;
      const abort = (reason: AppError): void => {
        abortReason ??= reason;
        controller?.abort(reason);
      };

      const finish = (failed: boolean, payload: unknown): void => {
        if (finished) return;
        finished = true;
        if (timer) clearTimeout(timer);
        let code = 'OK';
        let statusCode = 0;
        if (!failed) {
          callback(null, payload);
          admission?.pass();
        } else {
          const err = payload;
          const status = toRpcStatus(err);
          code = grpcStatusName(status.code);
          statusCode = status.code;
          if (status.errorCode) span?.setAttribute('error.type', status.errorCode);
          callback({
            name: 'RpcError',
            message: status.details,
            code: status.code,
            details: status.details,
            metadata: status.metadata,
          });
          // go-zero's shedding interceptor releases a call as failed only when it ran out of time;
          // an error answer still measured how fast the server works.
          if (status.errorCode === 'TIMEOUT' || status.errorCode === 'CANCELLED') admission?.fail();
          else admission?.pass();
          if (status.errorCode === 'INTERNAL') {
            // The real cause stays here, next to the trace id; the caller saw a generic message.
            logger.error(
              { err: isAppError(err) ? (err.cause ?? err) : err, method },
              'rpc call failed',
            );
          }
        }
        const ms = performance.now() - start;
        metrics.observe(code, ms / 1000);
        if (span) endRpcSpan(span, statusCode, 'server');
        if (ms > slowMs) {
          logger.warn(
            { method, code, duration_ms: Math.round(ms), peer: call.getPeer() },
            'slow rpc call',
          );
        } else if (accessLog) {
          // Never the request body: messages carry patient data.
          accessLog({
            traceId: trace.traceId,
            spanId: trace.spanId,
            method,
            code,
            durationMs: Math.round(ms * 1000) / 1000,
          });
        }
      };

      try {
        admission = shedder.allow();
      } catch (err) {
        metrics.shed();
        finish(true, err);
        return;
      }

      let deadline: number | undefined;
      const inbound = call.getDeadline();
      const inboundMs = inbound instanceof Date ? inbound.getTime() : inbound;
      if (Number.isFinite(inboundMs)) deadline = inboundMs;
      // Our own timer only when the server Timeout is the tighter bound: grpc-js already ends the
      // call at the caller's deadline (its grpc-timeout timer) and then emits 'cancelled' below.
      let capped = false;
      if (timeoutMs > 0) {
        const cap = Date.now() + timeoutMs;
        if (deadline === undefined || cap < deadline) {
          deadline = cap;
          capped = true;
        }
      }
      const expire = (): void => {
        const err = new AppError('TIMEOUT');
        abort(err);
        finish(true, err);
      };
      if (deadline !== undefined) {
        const left = deadline - Date.now();
        if (left <= 0) {
          expire();
          return;
        }
        if (capped) timer = setTimeout(expire, left);
      }
      call.once('cancelled', () => {
        // grpc-js emits 'cancelled' after every call, answered or not (server-interceptors.js
        // notifyOnCancel after sendStatus): only a call still running was really cancelled, and
        // an Error (with its stack capture) per answered call cost more than the whole chain.
        if (finished) return;
        // At the caller's deadline it is grpc-js's timer that ended the call (1 ms of clock slack).
        if (deadline !== undefined && Date.now() >= deadline - 1) {
          expire();
          return;
        }
        const err = new AppError('CANCELLED');
        abort(err);
        finish(true, err);
      });

      const authorization = firstString(call.metadata, 'authorization');
      const ctx: RpcContext = {
        method,
        metadata: call.metadata,
        deadline,
        get signal() {
          if (!controller) {
            controller = new AbortController();
            if (abortReason) controller.abort(abortReason);
          }
          return controller.signal;
        },
        trace,
        authorization,
        get peer() {
          return call.getPeer();
        },
      };
      runWithDeadline(
        deadline,
        () => {
          let result: Promise<unknown>;
          // A NUL in a string field would reach the database as a 500 (see unstorable-text.ts).
          const unstorable = findUnstorableText(call.request, 'request');
          if (unstorable) {
            finish(true, unstorableTextError(unstorable));
            return;
          }
          try {
            result = handler(call.request, ctx);
          } catch (err) {
            finish(true, err);
            return;
          }
          result.then(
            (value) => finish(false, value),
            (err: unknown) => finish(true, err),
          );
        },
        { authorization },
      );
    });
  };
}

/**
 * Test fixture: the Echo service of echo.proto, typed like proto-loader-gen-types output, with
 * handlers whose behaviour the request selects, and a logger whose lines the test can read.
 */
import type { MethodDefinition } from '@grpc/proto-loader';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AppError, isErrorCode } from '../../errors/index.js';
import { createLogger, type Logger } from '../../log/index.js';
import type { RpcClient } from '../client.js';
import { loadProto } from '../proto.js';
import type { RpcServiceImpl } from '../server.js';

export interface EchoRequest {
  message?: string;
  action?: string;
  count?: string | number;
}

export interface EchoReply {
  message: string;
  trace_id: string;
  authorization: string;
  remaining_ms: string;
  server: string;
  count: string;
}

export interface EchoDefinition {
  [method: string]: MethodDefinition<EchoRequest, EchoReply, Required<EchoRequest>, EchoReply>;
  Echo: MethodDefinition<EchoRequest, EchoReply, Required<EchoRequest>, EchoReply>;
  Relay: MethodDefinition<EchoRequest, EchoReply, Required<EchoRequest>, EchoReply>;
}

export const ECHO_PROTO = path.join(path.dirname(fileURLToPath(import.meta.url)), 'echo.proto');

/** The loaded proto and the typed Echo service constructor. */
export function loadEcho(): { service: EchoDefinition } & ReturnType<typeof loadProto> {
  const proto = loadProto(ECHO_PROTO);
  const ctor = proto.service('vigil.test.Echo') as unknown as { service: EchoDefinition };
  return Object.assign(proto, { service: ctor.service });
}

/** A logger writing parsed JSON lines into `lines`. */
export function captureLogger(service = 'rpc-test'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service,
    level: 'debug',
    destination: {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { logger, lines };
}

/** Mutable behaviour of one fixture server, shared with the test. */
export interface EchoState {
  calls: number;
  /** When set, every Echo call fails with this code (a broken downstream). */
  failWith?: 'INTERNAL' | 'UNAVAILABLE' | undefined;
  /** Aborted signals seen by handlers (deadline enforcement check). */
  aborted: number;
}

/** Echo handlers; `relayTo` is the downstream client Relay calls. */
export function echoHandlers(
  name: string,
  logger: Logger,
  state: EchoState,
  relayTo?: () => RpcClient<EchoDefinition>,
): RpcServiceImpl<EchoDefinition> {
  return {
    async Echo(req, ctx) {
      state.calls++;
      logger.info({ action: req.action }, 'echo handler');
      if (state.failWith) throw new AppError(state.failWith);
      if (req.action === 'throw') throw new Error('db password is hunter2');
      if (req.action.startsWith('app:')) {
        const code = req.action.slice(4);
        throw new AppError(isErrorCode(code) ? code : 'INTERNAL');
      }
      if (req.action.startsWith('sleep:')) {
        // The slow downstream: waits, but gives up when the call's signal aborts.
        try {
          await delay(Number(req.action.slice(6)), undefined, { signal: ctx.signal });
        } catch (err) {
          state.aborted++;
          throw err;
        }
      }
      return {
        message: req.message,
        trace_id: ctx.trace.traceId,
        authorization: ctx.authorization ?? '',
        remaining_ms: String(ctx.deadline === undefined ? -1 : ctx.deadline - Date.now()),
        server: name,
        count: String(req.count),
      };
    },
    async Relay(req) {
      if (!relayTo) throw new AppError('NOT_IMPLEMENTED');
      return relayTo().Echo({ message: req.message, action: req.action });
    },
  };
}

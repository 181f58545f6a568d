import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthClaims } from '../auth/index.js';
import type { TraceContext } from '../trace/index.js';
import type { RequestState } from './request-state.js';
import type { RequestContext } from './types.js';

/**
 * The context of one request. The AbortController is made only when a handler asks for the
 * signal, so the common path allocates nothing it does not use.
 */
export class HttpRequestContext implements RequestContext {
  private controller: AbortController | undefined;
  private abortReason: unknown;

  constructor(
    private readonly request: FastifyRequest,
    private readonly state: RequestState,
    readonly deadline: number | undefined,
    readonly logger: Logger,
  ) {}

  get trace(): TraceContext {
    return this.state.trace;
  }

  get traceId(): string {
    return this.state.trace.traceId;
  }

  get auth(): AuthClaims | undefined {
    return this.state.auth;
  }

  get authorization(): string | undefined {
    return this.request.headers.authorization;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.abortReason !== undefined) controller.abort(this.abortReason);
      else {
        // The client going away also cancels the work done for it.
        this.request.raw.once('close', () => {
          if (!this.request.raw.complete || !this.request.raw.socket?.writable)
            controller.abort(new Error('client closed the connection'));
        });
      }
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    this.abortReason = reason;
    this.controller?.abort(reason);
  }
}

export function createRequestContext(
  request: FastifyRequest,
  state: RequestState,
  timeoutMs: number,
  logger: Logger,
) {
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
  return new HttpRequestContext(request, state, deadline, logger);
}

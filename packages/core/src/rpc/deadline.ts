import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What an inbound request (REST or RPC) hands down to the outgoing calls it makes: its deadline
 * and the caller's credentials. Go carries both in `context.Context`; Node's equivalent is an
 * AsyncLocalStorage, so logic code does not pass a context argument through every layer.
 */
export interface CallScope {
  /** Epoch ms after which the inbound request's answer is useless; undefined = no deadline. */
  readonly deadline: number | undefined;
  /** The inbound `authorization` header/metadata, forwarded to downstream RPCs. */
  readonly authorization?: string | undefined;
}

const storage = new AsyncLocalStorage<CallScope>();

/**
 * Runs `fn` with `deadline` (epoch ms) as the inbound deadline, so every RPC client call inside
 * it is bounded by the time left. The REST server calls this with its request timeout, the RPC
 * server with the caller's `grpc-timeout` capped by its own Timeout. A nested scope can only
 * shorten the deadline, never extend it.
 */
export function runWithDeadline<T>(
  deadline: number | undefined,
  fn: () => T,
  options: { authorization?: string | undefined } = {},
): T {
  const outer = storage.getStore();
  const effective =
    outer?.deadline === undefined
      ? deadline
      : deadline === undefined
        ? outer.deadline
        : Math.min(deadline, outer.deadline);
  const authorization = options.authorization ?? outer?.authorization;
  return storage.run({ deadline: effective, authorization }, fn);
}

/** The inbound request's deadline (epoch ms), or undefined outside a request or without one. */
export function currentDeadline(): number | undefined {
  return storage.getStore()?.deadline;
}

/** The inbound request's `authorization`, forwarded by RPC clients unless a call sets its own. */
export function currentAuthorization(): string | undefined {
  return storage.getStore()?.authorization;
}

/** Milliseconds left before the inbound deadline (may be ≤ 0), or undefined without one. */
export function remainingMs(now: number = Date.now()): number | undefined {
  const deadline = currentDeadline();
  return deadline === undefined ? undefined : deadline - now;
}

import { currentScope, runInScope } from '../context/scope.js';

/**
 * Runs `fn` with `deadline` (epoch ms) as the inbound deadline, so every RPC client call inside
 * it is bounded by the time left. The RPC server calls this with the caller's `grpc-timeout`
 * capped by its own Timeout (the REST server enters its request scope in one step). A nested
 * scope can only shorten the deadline, never extend it; the active trace context is kept.
 */
export function runWithDeadline<T>(
  deadline: number | undefined,
  fn: () => T,
  options: { authorization?: string | undefined } = {},
): T {
  const outer = currentScope();
  const effective =
    outer?.deadline === undefined
      ? deadline
      : deadline === undefined
        ? outer.deadline
        : Math.min(deadline, outer.deadline);
  const authorization = options.authorization ?? outer?.authorization;
  return runInScope({ trace: outer?.trace, deadline: effective, authorization }, fn);
}

/** The inbound request's deadline (epoch ms), or undefined outside a request or without one. */
export function currentDeadline(): number | undefined {
  return currentScope()?.deadline;
}

/** The inbound request's `authorization`, forwarded by RPC clients unless a call sets its own. */
export function currentAuthorization(): string | undefined {
  return currentScope()?.authorization;
}

/** Milliseconds left before the inbound deadline (may be ≤ 0), or undefined without one. */
export function remainingMs(now: number = Date.now()): number | undefined {
  const deadline = currentDeadline();
  return deadline === undefined ? undefined : deadline - now;
}

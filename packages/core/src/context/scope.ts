import { AsyncLocalStorage } from 'node:async_hooks';
import type { TraceContext } from '../trace/trace-context.js';

/**
 * What a unit of work in progress (HTTP request, RPC, queue message) hands down to the code it
 * runs without passing it along: its trace context (log lines, outgoing calls and spans carry its
 * ids), its deadline and the caller's credentials (outgoing RPCs are bounded by the one and
 * forward the other). Go carries these in `context.Context`.
 *
 * One AsyncLocalStorage for all three, entered once per unit of work: on Node 20 every active
 * AsyncLocalStorage adds work to every promise the process creates (async_hooks promise hooks
 * copy each store onto each new promise), so a second storage or a second `run` per request is
 * paid on the whole request path (measured in `bench/rest`).
 */
export interface Scope {
  readonly trace?: TraceContext | undefined;
  /** Epoch ms after which the inbound request's answer is useless; undefined = no deadline. */
  readonly deadline?: number | undefined;
  /** The inbound `authorization` header/metadata, forwarded to downstream RPCs. */
  readonly authorization?: string | undefined;
}

const storage = new AsyncLocalStorage<Scope>();

/** Runs `fn` with `scope` as the active scope, in place of any outer one (callers merge). */
export function runInScope<T>(scope: Scope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Makes `scope` active for the rest of the current async execution. */
export function enterScope(scope: Scope): void {
  storage.enterWith(scope);
}

/** The active scope, if any. */
export function currentScope(): Scope | undefined {
  return storage.getStore();
}

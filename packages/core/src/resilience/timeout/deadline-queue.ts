import { monotonicClock, type Clock } from '../clock.js';

// Expired or cancelled slots are dropped from the front in bulk once they are this many.
const COMPACT_AT = 1024;
// Node timers may fire up to a millisecond before a performance.now() deadline (libuv's loop
// time is taken at the start of the loop turn).
const EARLY_FIRE_TOLERANCE_MS = 1;

/**
 * Timeouts of one fixed duration for many operations, on one timer. Every entry lasts `ms`, so
 * deadlines are in arrival order and a FIFO holds them: adding is an append, cancelling clears a
 * slot, and the single timer wakes for the oldest live entry. A request timeout per request
 * otherwise costs a Timeout object, a timer-list insert and a removal (≈ 1.7 µs per request in
 * `bench/rest`, a tenth of raw Fastify's whole request).
 */
export class DeadlineQueue {
  private readonly deadlines: number[] = [];
  private readonly callbacks: ((() => void) | undefined)[] = [];
  /** Index in the arrays of the oldest slot still kept. */
  private head = 0;
  /** Ticket number of the slot at array index 0. */
  private base = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly ms: number,
    private readonly clock: Clock = monotonicClock,
  ) {
    if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError('DeadlineQueue ms must be > 0');
  }

  /** Calls `onExpire` after `ms` unless cancelled first; returns the ticket to cancel it with. */
  add(onExpire: () => void): number {
    const ticket = this.base + this.callbacks.length;
    this.deadlines.push(this.clock() + this.ms);
    this.callbacks.push(onExpire);
    this.timer ??= this.arm(this.ms);
    return ticket;
  }

  /** Cancels an entry; a ticket that expired or was cancelled already is ignored. */
  cancel(ticket: number): void {
    const index = ticket - this.base;
    const { callbacks } = this;
    if (index < this.head || index >= callbacks.length) return;
    callbacks[index] = undefined;
    // Operations mostly end in the order they started: drop cancelled slots from the front now,
    // so the queue holds about as many slots as operations in flight instead of every operation
    // of the last `ms`. Long arrays regrown and copied for seconds fill the old generation
    // (bench/RESULTS.md: garbage promoted on every scavenge).
    if (index !== this.head) return;
    while (this.head < callbacks.length && callbacks[this.head] === undefined) this.head++;
    if (this.head >= COMPACT_AT || this.head === callbacks.length) this.compact();
  }

  /** Entries neither expired nor cancelled. */
  get pending(): number {
    let n = 0;
    for (let i = this.head; i < this.callbacks.length; i++) if (this.callbacks[i]) n++;
    return n;
  }

  /** Slots held, live or cancelled but not yet dropped: what the queue costs in memory. */
  get retained(): number {
    return this.callbacks.length - this.head;
  }

  private arm(delay: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(delay)));
    // The server keeps the process alive while requests are in flight, not this timer.
    timer.unref();
    return timer;
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.clock() + EARLY_FIRE_TOLERANCE_MS;
    const { deadlines, callbacks } = this;
    const expired: (() => void)[] = [];
    while (this.head < callbacks.length) {
      const callback = callbacks[this.head];
      if (callback && deadlines[this.head]! > now) break;
      if (callback) expired.push(callback);
      callbacks[this.head] = undefined;
      this.head++;
    }
    if (this.head >= COMPACT_AT || this.head === callbacks.length) this.compact();
    if (this.head < callbacks.length) {
      this.timer = this.arm(deadlines[this.head]! - this.clock());
    }
    // Last, with the queue consistent and re-armed: a callback that throws loses nothing else.
    for (const callback of expired) callback();
  }

  private compact(): void {
    this.deadlines.splice(0, this.head);
    this.callbacks.splice(0, this.head);
    this.base += this.head;
    this.head = 0;
  }
}

import { monotonicClock, type Clock } from '../clock.js';

// Node timers may fire up to a millisecond before a performance.now() deadline (libuv's loop
// time is taken at the start of the loop turn).
const EARLY_FIRE_TOLERANCE_MS = 1;
const INITIAL_CAPACITY = 64;

/**
 * Timeouts of one fixed duration for many operations, on one timer. Every entry lasts `ms`, so
 * deadlines are in arrival order and a FIFO holds them: adding is an append, cancelling clears a
 * slot, and the single timer wakes for the oldest live entry. A request timeout per request
 * otherwise costs a Timeout object, a timer-list insert and a removal (≈ 1.7 µs per request in
 * `bench/rest`, a tenth of raw Fastify's whole request).
 *
 * The FIFO is a ring that only grows (doubling) when more operations are in flight than ever
 * before: in steady state adding and cancelling allocate nothing. Cancelled slots at the front
 * are dropped at once (operations mostly end in the order they started), so the ring holds about
 * as many slots as operations in flight, not every operation of the last `ms`.
 */
export class DeadlineQueue {
  private deadlines = new Float64Array(INITIAL_CAPACITY);
  private callbacks: ((() => void) | undefined)[] = new Array<undefined>(INITIAL_CAPACITY).fill(
    undefined,
  );
  /** capacity − 1; the capacity is a power of two. */
  private mask = INITIAL_CAPACITY - 1;
  /** Ring index of the oldest slot held. */
  private head = 0;
  /** Slots held, from `head` on, live or cancelled. */
  private count = 0;
  /** Ticket number of the slot at `head`. */
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
    if (this.count > this.mask) this.grow();
    const index = (this.head + this.count) & this.mask;
    this.deadlines[index] = this.clock() + this.ms;
    this.callbacks[index] = onExpire;
    const ticket = this.base + this.count;
    this.count++;
    this.timer ??= this.arm(this.ms);
    return ticket;
  }

  /** Cancels an entry; a ticket that expired or was cancelled already is ignored. */
  cancel(ticket: number): void {
    const offset = ticket - this.base;
    if (offset < 0 || offset >= this.count) return;
    this.callbacks[(this.head + offset) & this.mask] = undefined;
    if (offset === 0) this.dropCancelled();
  }

  /** Entries neither expired nor cancelled. */
  get pending(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.callbacks[(this.head + i) & this.mask]) n++;
    return n;
  }

  /** Slots held, live or cancelled but not yet dropped: what the queue costs in memory. */
  get retained(): number {
    return this.count;
  }

  private dropCancelled(): void {
    while (this.count > 0 && this.callbacks[this.head] === undefined) this.shift();
  }

  private shift(): void {
    this.callbacks[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.base++;
    this.count--;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const deadlines = new Float64Array(capacity);
    const callbacks = new Array<(() => void) | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & this.mask;
      deadlines[i] = this.deadlines[from]!;
      callbacks[i] = this.callbacks[from];
    }
    this.deadlines = deadlines;
    this.callbacks = callbacks;
    this.mask = capacity - 1;
    this.head = 0;
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
    const expired: (() => void)[] = [];
    while (this.count > 0) {
      const callback = this.callbacks[this.head];
      if (callback && this.deadlines[this.head]! > now) break;
      if (callback) expired.push(callback);
      this.shift();
    }
    if (this.count > 0) this.timer = this.arm(this.deadlines[this.head]! - this.clock());
    // Last, with the queue consistent and re-armed: a callback that throws loses nothing else.
    for (const callback of expired) callback();
  }
}

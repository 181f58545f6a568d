import { monotonicClock, type Clock } from './clock.js';

/** One bucket of a {@link RollingWindow}: something that accumulates values and can be cleared. */
export interface WindowBucket {
  add(v: number): void;
  reset(): void;
}

/** The default bucket: sum and number of additions (go-zero collection.Bucket). */
export class SumBucket implements WindowBucket {
  sum = 0;
  count = 0;
  add(v: number): void {
    this.sum += v;
    this.count++;
  }
  reset(): void {
    this.sum = 0;
    this.count = 0;
  }
}

/** Options of a {@link RollingWindow}. */
export interface RollingWindowOptions<TBucket extends WindowBucket> {
  /** Skip the bucket being filled in `reduce` (its data is partial), like IgnoreCurrentBucket. */
  ignoreCurrent?: boolean;
  clock?: Clock;
  newBucket?: () => TBucket;
}

/**
 * A ring of `size` time buckets of `intervalMs` each: `add` goes to the current bucket, `reduce`
 * visits the buckets still inside the window, oldest first. Expired buckets are cleared lazily on
 * `add` (go-zero core/collection/rollingwindow.go), so an idle window costs nothing.
 */
export class RollingWindow<TBucket extends WindowBucket = SumBucket> {
  readonly size: number;
  readonly intervalMs: number;
  private readonly buckets: TBucket[];
  private readonly ignoreCurrent: boolean;
  private readonly clock: Clock;
  private offset = 0;
  /** Start time of the bucket at `offset`, aligned to `intervalMs` steps. */
  private lastTime: number;
  /** The grid bucket edges are aligned to (construction time). */
  private readonly origin: number;

  /**
   * @param size number of buckets (integer ≥ 1)
   * @param intervalMs width of one bucket in ms
   * @param opts a clock, or options (clock, ignoreCurrent, bucket factory)
   */
  constructor(size: number, intervalMs: number, opts?: Clock | RollingWindowOptions<TBucket>) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError('RollingWindow size must be an integer ≥ 1');
    }
    if (!(intervalMs > 0)) throw new RangeError('RollingWindow intervalMs must be > 0');
    const options: RollingWindowOptions<TBucket> =
      typeof opts === 'function' ? { clock: opts } : (opts ?? {});
    this.size = size;
    this.intervalMs = intervalMs;
    this.ignoreCurrent = options.ignoreCurrent ?? false;
    this.clock = options.clock ?? monotonicClock;
    const newBucket = options.newBucket ?? (() => new SumBucket() as unknown as TBucket);
    this.buckets = Array.from({ length: this.size }, newBucket);
    this.lastTime = this.clock();
    this.origin = this.lastTime;
  }

  /**
   * Index of the interval the clock is in, counted from construction. While it stays the same,
   * no bucket expires, so with `ignoreCurrent` what `reduce` visits cannot change: callers cache
   * figures derived from the window per epoch.
   */
  epoch(now: number = this.clock()): number {
    return Math.floor((now - this.origin) / this.intervalMs);
  }

  /** Adds `v` to the current bucket. */
  add(v: number): void {
    this.addAt(this.clock(), v);
  }

  /** Adds `v` to the bucket of time `now` (a clock reading the caller already has). */
  addAt(now: number, v: number): void {
    this.updateOffset(now);
    this.bucketAt(this.offset).add(v);
  }

  /** Calls `fn` on every bucket inside the window (minus the current one if `ignoreCurrent`). */
  reduce(fn: (bucket: TBucket) => void): void {
    const span = this.span();
    // With span 0 the bucket at `offset` is still being filled: skip it when asked to.
    const count = span === 0 && this.ignoreCurrent ? this.size - 1 : this.size - span;
    const start = this.offset + span + 1;
    for (let i = 0; i < count; i++) fn(this.bucketAt(start + i));
  }

  /** Whole intervals elapsed since the current bucket started, capped at `size`. */
  private span(now: number = this.clock()): number {
    const elapsed = Math.floor((now - this.lastTime) / this.intervalMs);
    // A time before the current bucket (a reading taken a little earlier) belongs to it: it must
    // not be taken for a jump that expires the whole window.
    if (!(elapsed > 0)) return 0;
    return elapsed < this.size ? elapsed : this.size;
  }

  private updateOffset(now: number): void {
    const span = this.span(now);
    if (span <= 0) return;
    for (let i = 1; i <= span; i++) this.bucketAt(this.offset + i).reset();
    this.offset = (this.offset + span) % this.size;
    // Align to an interval boundary so bucket edges do not drift with call timing.
    this.lastTime = now - ((now - this.lastTime) % this.intervalMs);
  }

  private bucketAt(index: number): TBucket {
    return this.buckets[index % this.size] as TBucket;
  }
}

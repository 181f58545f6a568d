import type { Registry } from 'prom-client';
import { labelKey, labelRecord } from './labels.js';

/** One sample of a metric as prom-client's registry formats it (`metric.get().values`). */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  sharedLabels: Readonly<Record<string, string>>;
  value: number;
}

/** The observations of one label set: per-bucket counts (not cumulative), sum and count. */
export class HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    private readonly bounds: readonly number[],
    readonly labels: Readonly<Record<string, string>>,
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

export interface HistogramOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  buckets: readonly number[];
  registers?: Registry[];
}

/**
 * A Prometheus histogram for hot paths, exposed through prom-client's registry with the same text
 * as prom-client's `Histogram`. prom-client validates and hashes the label set on every
 * `observe`, even on a child from `labels()` (≈ 10 µs per request on the REST chain, measured in
 * `bench/rest`); here a child is a few numbers, and observing is a bucket search and two adds.
 */
export class Histogram<L extends string = string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly labelNames: readonly L[];
  private readonly bounds: readonly number[];
  private readonly children = new Map<string, HistogramChild>();

  constructor(options: HistogramOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.bounds = [...options.buckets].sort((a, b) => a - b);
    for (const registry of options.registers ?? []) {
      registry.registerMetric(this as never);
    }
  }

  /** The child for a label set, given in `labelNames` order or as an object. */
  labels(...values: string[] | [Partial<Record<L, string | number>>]): HistogramChild {
    const strings = labelRecord(this.name, this.labelNames, values);
    const key = labelKey(strings);
    let child = this.children.get(key);
    if (!child) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = strings[i]!));
      child = new HistogramChild(this.bounds, labels);
      this.children.set(key, child);
    }
    return child;
  }

  observe(labels: Partial<Record<L, string | number>>, value: number): void {
    this.labels(labels).observe(value);
  }

  reset(): void {
    this.children.clear();
  }

  /**
   * The samples in prom-client's shape: cumulative `_bucket` per bound and `+Inf`, `_sum`,
   * `_count`; the label set goes in `sharedLabels` as prom-client's histogram does, so the text
   * is byte for byte the same.
   */
  get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    aggregator: string;
    values: Sample[];
  }> {
    const values: Sample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const child of this.children.values()) {
      const sharedLabels = child.labels;
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += child.counts[i]!;
        values.push({ metricName: bucket, labels: { le }, sharedLabels, value: cumulative });
      });
      values.push(
        { metricName: bucket, labels: { le: '+Inf' }, sharedLabels, value: child.count },
        { metricName: `${this.name}_sum`, labels: {}, sharedLabels, value: child.sum },
        { metricName: `${this.name}_count`, labels: {}, sharedLabels, value: child.count },
      );
    }
    const { name, help, aggregator } = this;
    return Promise.resolve({ name, help, type: 'histogram', aggregator, values });
  }
}

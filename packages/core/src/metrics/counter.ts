import { LabelledMetric, type MetricOptions } from './labelled-metric.js';

/** The count of one label set. */
export class CounterChild {
  value = 0;
  constructor(readonly labels: Readonly<Record<string, string>>) {}

  inc(value = 1): void {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new TypeError(`Counter increment must be a finite number ≥ 0, got ${value}`);
    }
    this.value += value;
  }
}

export type CounterOptions<L extends string> = MetricOptions<L>;

/**
 * A Prometheus counter for hot paths, exposed through prom-client's registry with the same text
 * as prom-client's `Counter`, whose `inc` validates and hashes the label set on every call, even
 * through a child from `labels()`. Here a child is one number.
 */
export class Counter<L extends string = string> extends LabelledMetric<L, CounterChild> {
  readonly type = 'counter';

  constructor(options: CounterOptions<L>) {
    super(options);
    this.register(options.registers);
  }

  protected newChild(labels: Readonly<Record<string, string>>): CounterChild {
    return new CounterChild(labels);
  }

  /** `inc()`, `inc(value)`, `inc(labels)` or `inc(labels, value)`, as prom-client's. */
  inc(labels?: Partial<Record<L, string | number>> | number, value?: number): void {
    if (typeof labels === 'object') this.labels(labels).inc(value);
    else this.labels(...([] as string[])).inc(labels);
  }

  get(): Promise<{
    name: string;
    help: string;
    type: 'counter';
    aggregator: string;
    values: { labels: Readonly<Record<string, string>>; value: number }[];
  }> {
    const values = [...this.children.values()].map((c) => ({ labels: c.labels, value: c.value }));
    const { name, help, aggregator } = this;
    return Promise.resolve({ name, help, type: 'counter', aggregator, values });
  }
}

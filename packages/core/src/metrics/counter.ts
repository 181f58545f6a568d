import type { Registry } from 'prom-client';
import { labelKey, labelRecord } from './labels.js';

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

export interface CounterOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  registers?: Registry[];
}

/**
 * A Prometheus counter for hot paths, exposed through prom-client's registry with the same text
 * as prom-client's `Counter`, whose `inc` validates and hashes the label set on every call, even
 * through a child from `labels()`. Here a child is one number.
 */
export class Counter<L extends string = string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'counter';
  readonly aggregator = 'sum';
  readonly labelNames: readonly L[];
  private readonly children = new Map<string, CounterChild>();

  constructor(options: CounterOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    for (const registry of options.registers ?? []) registry.registerMetric(this as never);
  }

  /** The child for a label set, given in `labelNames` order or as an object. */
  labels(...values: string[] | [Partial<Record<L, string | number>>]): CounterChild {
    const strings = labelRecord(this.name, this.labelNames, values);
    const key = labelKey(strings);
    let child = this.children.get(key);
    if (!child) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = strings[i]!));
      child = new CounterChild(labels);
      this.children.set(key, child);
    }
    return child;
  }

  /** `inc()`, `inc(value)`, `inc(labels)` or `inc(labels, value)`, as prom-client's. */
  inc(labels?: Partial<Record<L, string | number>> | number, value?: number): void {
    if (typeof labels === 'object') this.labels(labels).inc(value);
    else this.labels(...([] as string[])).inc(labels);
  }

  reset(): void {
    this.children.clear();
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

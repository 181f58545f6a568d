import type { Registry } from 'prom-client';

/** What every hot-path metric is built from. */
export interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  registers?: Registry[];
}

/**
 * The label-set bookkeeping shared by {@link Counter} and {@link Histogram}: one child per label
 * set, found by a single string key, so the hot path never validates or hashes a label object.
 * Registered on prom-client registries as a plain metric object (`name`, `help`, `get()`).
 */
export abstract class LabelledMetric<L extends string, Child> {
  readonly name: string;
  readonly help: string;
  readonly aggregator = 'sum';
  readonly labelNames: readonly L[];
  protected readonly children = new Map<string, Child>();

  constructor(options: MetricOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
  }

  /** Call last in a subclass constructor, once the metric can answer `get()`. */
  protected register(registries: Registry[] | undefined): void {
    for (const registry of registries ?? []) registry.registerMetric(this as never);
  }

  protected abstract newChild(labels: Readonly<Record<string, string>>): Child;

  /** The child for a label set, given in `labelNames` order or as an object. */
  labels(...values: string[] | [Partial<Record<L, string | number>>]): Child {
    const ordered =
      values.length === 1 && typeof values[0] === 'object'
        ? this.labelNames.map((l) => (values[0] as Record<string, unknown>)[l])
        : values;
    if (ordered.length !== this.labelNames.length || ordered.some((v) => v === undefined)) {
      throw new Error(`${this.name}: expected labels ${this.labelNames.join(', ') || '(none)'}`);
    }
    const strings = ordered.map(String);
    const key = strings.join('\u0000');
    let child = this.children.get(key);
    if (!child) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = strings[i]!));
      child = this.newChild(labels);
      this.children.set(key, child);
    }
    return child;
  }

  reset(): void {
    this.children.clear();
  }
}

export { Counter, CounterChild, type CounterOptions } from './counter.js';
export { Histogram, HistogramChild, type HistogramOptions } from './histogram.js';
export { createMetricsRegistry, getOrCreateMetric, metricsText, Registry } from './registry.js';
export { ChildCache } from './child-cache.js';

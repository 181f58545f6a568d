export { Histogram, HistogramChild, type HistogramOptions } from './histogram.js';
export { createMetricsRegistry, getOrCreateMetric, metricsText, Registry } from './registry.js';

export { createMetricsRegistry, getOrCreateMetric, metricsText, Registry } from './registry.js';

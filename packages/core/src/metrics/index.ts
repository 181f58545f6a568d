export { createMetricsRegistry, getOrCreateMetric, Registry } from './registry.js';

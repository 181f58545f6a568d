/**
 * @vigil/risk — key risk indicators and statistical flags for centralized statistical monitoring
 * (ICH E6(R3) risk-based quality management), conformant with the public R package gsm v2.2.3.
 * The math is pure and I/O-free.
 */
export { RiskInputError, isRiskInputError, type RiskInputProblem } from './errors.js';
export type { KriMethod, KriType } from './kri/definition.js';
export { analyzeNormalApprox, type NormalApproxResult } from './methods/normal-approx.js';
export { analyzePoisson, type PoissonResult } from './methods/poisson.js';
export { analyzeFisher, type FisherResult } from './methods/fisher.js';
export { analyzeIdentity } from './methods/identity.js';
export { fisherExactTwoSided } from './math/fisher-exact.js';
export { lambertW0, lambertWm1 } from './math/lambert-w.js';
export {
  aggregateRows,
  type AggregateOptions,
  type GroupTotals,
  type MetricRow,
} from './input/aggregate.js';
export { parseCsv, readMetricCsv, type CsvRecord, type MetricCsv } from './input/csv.js';

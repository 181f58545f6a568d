/**
 * @vigil/risk — key risk indicators and statistical flags for centralized statistical monitoring
 * (ICH E6(R3) risk-based quality management), conformant with the public R package gsm v2.2.3.
 * The math is pure and I/O-free; only `runRiskScore` (the CLI command) reads files.
 */
export { RiskInputError, isRiskInputError, type RiskInputProblem } from './errors.js';
export {
  DEFAULT_THRESHOLDS,
  FISHER_FLAGS,
  KRI_METHODS,
  defaultFlags,
  type KriDefinition,
  type KriMethod,
  type KriType,
} from './kri/definition.js';
export { defineKri, parseMethod, withMethod, KRI_FIELDS, type KriInput } from './kri/validate.js';
export { BUILTIN_KRIS } from './kri/builtin.js';
export { parseKriFile } from './kri/kri-file.js';
export {
  aggregateRows,
  type AggregateOptions,
  type GroupTotals,
  type MetricRow,
} from './input/aggregate.js';
export { parseCsv, readMetricCsv, type CsvRecord, type MetricCsv } from './input/csv.js';
export { analyzeNormalApprox, type NormalApproxResult } from './methods/normal-approx.js';
export { analyzePoisson, type PoissonResult } from './methods/poisson.js';
export { analyzeFisher, type FisherResult } from './methods/fisher.js';
export { analyzeIdentity } from './methods/identity.js';
export { flagByThresholds, flagFisher } from './flag.js';
export { fisherExactTwoSided } from './math/fisher-exact.js';
export { lambertW0, lambertWm1 } from './math/lambert-w.js';
export { funnelBounds, numeratorBound, type FunnelModel, type FunnelPoint } from './bounds.js';
export { scoreArrays, type ArrayScores } from './score-arrays.js';
export { summaryOrder } from './summary-order.js';
export {
  scoreKri,
  scoreTotals,
  type ExcludedGroup,
  type GroupMetadata,
  type GroupScore,
  type KriScore,
  type ScoreOptions,
} from './score.js';
export { formatCsv, formatJson, type OutputFormat } from './cli/format-output.js';
export { runRiskScore, type RiskScoreArgs, type RiskScoreIo } from './cli/score-command.js';

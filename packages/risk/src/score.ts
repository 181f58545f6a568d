import { funnelBounds, numeratorBound, type FunnelPoint } from './bounds.js';
import {
  aggregateRows,
  type AggregateOptions,
  type GroupTotals,
  type MetricRow,
} from './input/aggregate.js';
import type { KriDefinition, KriMethod } from './kri/definition.js';
import { withMethod } from './kri/validate.js';
import { scoreArrays } from './score-arrays.js';
import { summaryOrder } from './summary-order.js';

/** Optional descriptive data of a group, carried through to its result. */
export interface GroupMetadata {
  readonly site?: string;
  readonly country?: string;
  readonly investigator?: string;
}

/** The result of one group. `null` = NA (below minN, or undefined for the method). */
export interface GroupScore {
  readonly groupId: string;
  readonly numerator: number;
  readonly denominator: number;
  readonly metric: number;
  readonly score: number | null;
  readonly flag: number | null;
  /** Poisson: the fitted count. */
  readonly expected?: number;
  /** With `bounds`: the metric at which this group would score each of `boundThresholds`. */
  readonly bounds?: readonly (number | null)[];
  readonly meta?: GroupMetadata;
}

/** A group left out of the analysis, and why (gsm `Transform_Rate` drops them the same way). */
export interface ExcludedGroup {
  readonly groupId: string;
  readonly numerator: number;
  readonly denominator: number;
  readonly reason: 'zero denominator';
}

/** The scored KRI. */
export interface KriScore {
  /** The definition used (after a method override). */
  readonly kri: KriDefinition;
  /** One entry per analysed group, in gsm `Summarize` order (flags 2, -2, 1, -1, 0, NA). */
  readonly groups: readonly GroupScore[];
  readonly excluded: readonly ExcludedGroup[];
  readonly overallMetric: number;
  /** φ of the normal approximation (NaN otherwise). */
  readonly factor: number;
  /** β0 of the Poisson model (NaN otherwise). */
  readonly intercept: number;
  /** With `bounds`: the thresholds of each group's `bounds` (plus 0 for model-based methods). */
  readonly boundThresholds?: readonly number[];
  /** With `bounds`: the funnel lines over the denominator range. */
  readonly funnel?: readonly FunnelPoint[];
}

/** Options of `scoreKri` / `scoreTotals`. */
export interface ScoreOptions extends AggregateOptions {
  /** Score with another method (its default thresholds apply; see `withMethod`). */
  readonly method?: KriMethod;
  /** Metadata by group id. */
  readonly metadata?: ReadonlyMap<string, GroupMetadata>;
  /** Compute funnel bounds (per group and over the denominator range). */
  readonly bounds?: boolean;
}

const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Sums rows per group (see `aggregateRows`) and scores them (see `scoreTotals`). */
export function scoreKri(
  rows: readonly MetricRow[],
  kri: KriDefinition,
  options: ScoreOptions = {},
): KriScore {
  return scoreTotals(aggregateRows(rows, options), kri, options);
}

/**
 * Scores aggregated groups. Groups with a zero denominator are set aside in `excluded` (their
 * metric is 0/0 or x/0), the rest are scored together; see README for every edge case.
 */
export function scoreTotals(
  totals: GroupTotals,
  kri: KriDefinition,
  options: ScoreOptions = {},
): KriScore {
  const effective = options.method === undefined ? kri : withMethod(kri, options.method);
  const keep: number[] = [];
  const excluded: ExcludedGroup[] = [];
  totals.groupIds.forEach((groupId, g) => {
    const numerator = totals.numerator[g] as number;
    const denominator = totals.denominator[g] as number;
    if (denominator > 0) keep.push(g);
    else excluded.push({ groupId, numerator, denominator, reason: 'zero denominator' });
  });
  const numerator = Float64Array.from(keep, (g) => totals.numerator[g] as number);
  const denominator = Float64Array.from(keep, (g) => totals.denominator[g] as number);
  const scores = scoreArrays(numerator, denominator, effective);

  const model = { method: effective.method, type: effective.type, ...scores };
  const boundThresholds =
    effective.method === 'fisher'
      ? []
      : effective.method === 'identity'
        ? [...effective.thresholds]
        : [...new Set([...effective.thresholds, 0])].sort((a, b) => a - b);

  const ids = keep.map((g) => totals.groupIds[g] as string);
  const order = summaryOrder(scores.metric, scores.score, scores.rawFlag, ids);
  const groups = Array.from(order, (i): GroupScore => {
    const groupId = ids[i] as string;
    const n = denominator[i] as number;
    const meta = options.metadata?.get(groupId);
    return {
      groupId,
      numerator: numerator[i] as number,
      denominator: n,
      metric: scores.metric[i] as number,
      score: nullable(scores.score[i] as number),
      flag: nullable(scores.flag[i] as number),
      ...(scores.expected && { expected: scores.expected[i] }),
      ...(options.bounds && {
        bounds: boundThresholds.map((t) => nullable(numeratorBound(model, t, n) / n)),
      }),
      ...(meta && { meta }),
    };
  });
  return {
    kri: effective,
    groups,
    excluded,
    overallMetric: scores.overallMetric,
    factor: scores.factor,
    intercept: scores.intercept,
    ...(options.bounds && {
      boundThresholds,
      funnel: funnelBounds(model, effective.thresholds, denominator),
    }),
  };
}

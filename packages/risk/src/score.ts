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
  /** One entry per analysed group, in gsm `Summarize` order (flags 2, -2, 1, -1, 0, NA) or by id. */
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
  /**
   * `gsm` (default): gsm `Summarize` order, flagged groups first. `group`: by group id, which skips
   * the O(n log n) sort (the order `aggregateRows` produces).
   */
  readonly order?: 'gsm' | 'group';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
  // Typed-array loops rather than from()/map() with callbacks: this runs once per KRI on every group.
  const total = totals.groupIds.length;
  const keep = new Uint32Array(total);
  let kept = 0;
  const excluded: ExcludedGroup[] = [];
  for (let g = 0; g < total; g++) {
    const n = totals.denominator[g] as number;
    if (n > 0) keep[kept++] = g;
    else {
      const groupId = totals.groupIds[g] as string;
      excluded.push({
        groupId,
        numerator: totals.numerator[g] as number,
        denominator: n,
        reason: 'zero denominator',
      });
    }
  }
  const numerator = new Float64Array(kept);
  const denominator = new Float64Array(kept);
  const ids = new Array<string>(kept);
  for (let k = 0; k < kept; k++) {
    const g = keep[k] as number;
    numerator[k] = totals.numerator[g] as number;
    denominator[k] = totals.denominator[g] as number;
    ids[k] = totals.groupIds[g] as string;
  }
  const scores = scoreArrays(numerator, denominator, effective);

  const model = { method: effective.method, type: effective.type, ...scores };
  const boundThresholds =
    effective.method === 'fisher'
      ? []
      : effective.method === 'identity'
        ? [...effective.thresholds]
        : [...new Set([...effective.thresholds, 0])].sort((a, b) => a - b);

  let order: Uint32Array;
  if (options.order === 'group') {
    order = new Uint32Array(kept);
    for (let k = 0; k < kept; k++) order[k] = k;
  } else {
    order = summaryOrder(scores.metric, scores.score, scores.rawFlag, ids);
  }
  const groups = new Array<GroupScore>(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const groupId = ids[i] as string;
    const n = denominator[i] as number;
    // Built by assignment, not spreads: this loop runs once per group and KRI.
    const group: Mutable<GroupScore> = {
      groupId,
      numerator: numerator[i] as number,
      denominator: n,
      metric: scores.metric[i] as number,
      score: nullable(scores.score[i] as number),
      flag: nullable(scores.flag[i] as number),
    };
    if (scores.expected) group.expected = scores.expected[i];
    if (options.bounds) {
      group.bounds = boundThresholds.map((t) => nullable(numeratorBound(model, t, n) / n));
    }
    const meta = options.metadata?.get(groupId);
    if (meta) group.meta = meta;
    groups[k] = group;
  }
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

import type { KriScore } from '../score.js';

/** Output formats of `vigil risk score`. */
export type OutputFormat = 'csv' | 'json';

/** Numbers as JavaScript's shortest round-trip form (full precision); null/NaN as R's `NA`. */
function csvNumber(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? 'NA' : String(x);
}

/** Strings always quoted (as R's `write.csv`), so ids like `0X052` or `001` stay text in spreadsheets. */
function csvString(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** Column name of the bound for threshold t, e.g. `Bound_-2`. */
function boundColumn(t: number): string {
  return `Bound_${t}`;
}

/**
 * One CSV line per group: `GroupID,Numerator,Denominator,Metric,Score,Flag`, then with bounds one
 * `Bound_<t>` column per threshold (the metric at which the group would score t).
 */
export function formatCsv(result: KriScore): string {
  const thresholds = result.boundThresholds ?? [];
  const header = [
    'GroupID',
    'Numerator',
    'Denominator',
    'Metric',
    'Score',
    'Flag',
    ...thresholds.map(boundColumn),
  ];
  const lines = [header.map(csvString).join(',')];
  for (const g of result.groups) {
    const cells = [
      csvString(g.groupId),
      ...[g.numerator, g.denominator, g.metric, g.score, g.flag].map(csvNumber),
    ];
    if (g.bounds) cells.push(...g.bounds.map(csvNumber));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The same rows as JSON (`null` for NA) under `rows`, with the KRI used, the model parameters, the
 * groups excluded for a zero denominator and, with bounds, the funnel lines.
 */
export function formatJson(result: KriScore): string {
  const thresholds = result.boundThresholds ?? [];
  const body = {
    kri: result.kri,
    overallMetric: result.overallMetric,
    factor: result.factor,
    intercept: result.intercept,
    rows: result.groups.map((g) => ({
      GroupID: g.groupId,
      Numerator: g.numerator,
      Denominator: g.denominator,
      Metric: g.metric,
      Score: g.score,
      Flag: g.flag,
      ...(g.expected !== undefined && { Expected: g.expected }),
      ...(g.bounds && {
        Bounds: thresholds.map((t, k) => ({ Threshold: t, Metric: g.bounds?.[k] ?? null })),
      }),
    })),
    excluded: result.excluded.map((e) => ({
      GroupID: e.groupId,
      Numerator: e.numerator,
      Denominator: e.denominator,
      Reason: e.reason,
    })),
    ...(result.funnel && {
      funnel: result.funnel.map((p) => ({
        Threshold: p.threshold,
        Denominator: p.denominator,
        Numerator: p.numerator,
        Metric: p.metric,
      })),
    }),
  };
  // NaN (e.g. φ of a non-normal method) serialises as null.
  return `${JSON.stringify(body, null, 2)}\n`;
}

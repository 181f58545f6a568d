import { RiskInputError } from '../errors.js';

/** One input row: a subject's (or an already aggregated group's) numerator and denominator. */
export interface MetricRow {
  /** Group the row belongs to (site, country, ...). */
  readonly groupId: string;
  readonly numerator: number;
  readonly denominator: number;
}

/** Rows summed per group, groups sorted by id (code-unit order); arrays are parallel. */
export interface GroupTotals {
  readonly groupIds: readonly string[];
  readonly numerator: Float64Array;
  readonly denominator: Float64Array;
}

/** Options of `aggregateRows`. */
export interface AggregateOptions {
  /** Names row `index` in error messages (default `row <index+1>`), e.g. a CSV file and line. */
  readonly label?: (index: number) => string;
}

function check(value: unknown, field: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RiskInputError(`${where}: ${field} must be a finite number, got ${String(value)}`, [
      { field: `${where}.${field}`, reason: 'not a finite number' },
    ]);
  }
  if (value < 0) {
    throw new RiskInputError(`${where}: ${field} must not be negative, got ${value}`, [
      { field: `${where}.${field}`, reason: 'negative' },
    ]);
  }
  return value;
}

/**
 * Validates rows and sums them per group (gsm's `Transform_Rate` `group_by` + `summarise(sum)`).
 * Sums are compensated, and groups come out sorted by id, so that reordering the rows changes
 * nothing and splitting a group's rows changes at most the last ulp (nothing for integer counts). Throws `RiskInputError` naming the first row with a NaN, infinite or negative value or an
 * empty group id. Numerators larger than denominators are kept (they occur in real binary data).
 */
export function aggregateRows(
  rows: readonly MetricRow[],
  options: AggregateOptions = {},
): GroupTotals {
  const label = options.label ?? ((i: number) => `row ${i + 1}`);
  const index = new Map<string, number>();
  const groupIds: string[] = [];
  // Worst case every row is its own group; trimmed below.
  const num = new Float64Array(rows.length);
  const den = new Float64Array(rows.length);
  const numCarry = new Float64Array(rows.length);
  const denCarry = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as MetricRow;
    const groupId = row.groupId;
    if (typeof groupId !== 'string' || groupId === '') {
      throw new RiskInputError(`${label(i)}: GroupID is empty`, [
        { field: `${label(i)}.GroupID`, reason: 'empty' },
      ]);
    }
    const x = check(row.numerator, 'Numerator', label(i));
    const n = check(row.denominator, 'Denominator', label(i));
    let g = index.get(groupId);
    if (g === undefined) {
      g = groupIds.length;
      index.set(groupId, g);
      groupIds.push(groupId);
    }
    let s = num[g] as number;
    let t = s + x;
    numCarry[g] = (numCarry[g] as number) + (Math.abs(s) >= x ? s - t + x : x - t + s);
    num[g] = t;
    s = den[g] as number;
    t = s + n;
    denCarry[g] = (denCarry[g] as number) + (Math.abs(s) >= n ? s - t + n : n - t + s);
    den[g] = t;
  }
  // Canonical group order (code units, as dplyr's C-locale group_by): the study-wide sums then run
  // in the same order whatever the order of the rows, so results are bit-for-bit reproducible.
  const sorted = groupIds.map((id, g) => ({ id, g })).sort((a, b) => (a.id < b.id ? -1 : 1));
  const numerator = new Float64Array(sorted.length);
  const denominator = new Float64Array(sorted.length);
  sorted.forEach(({ g }, k) => {
    numerator[k] = (num[g] as number) + (numCarry[g] as number);
    denominator[k] = (den[g] as number) + (denCarry[g] as number);
  });
  return { groupIds: sorted.map((s) => s.id), numerator, denominator };
}

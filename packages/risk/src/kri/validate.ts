import { RiskInputError, type RiskInputProblem } from '../errors.js';
import {
  DEFAULT_THRESHOLDS,
  defaultFlags,
  FISHER_FLAGS,
  KRI_METHODS,
  type KriDefinition,
  type KriMethod,
  type KriType,
} from './definition.js';

/** Loose input for `defineKri` (what a YAML file or a caller provides). */
export interface KriInput {
  id?: unknown;
  abbreviation?: unknown;
  name?: unknown;
  numerator?: unknown;
  denominator?: unknown;
  groupLevel?: unknown;
  type?: unknown;
  method?: unknown;
  /** Numbers, ascending; or gsm's comma string (`"-2,-1,2,3"`), which is sorted as gsm does. */
  thresholds?: unknown;
  flags?: unknown;
  minN?: unknown;
}

/** Field names `defineKri` accepts (anything else is reported as a likely typo). */
export const KRI_FIELDS: readonly (keyof KriInput)[] = [
  'id',
  'abbreviation',
  'name',
  'numerator',
  'denominator',
  'groupLevel',
  'type',
  'method',
  'thresholds',
  'flags',
  'minN',
];

const METHOD_ALIASES: Readonly<Record<string, KriMethod>> = {
  normal: 'normal',
  normalapprox: 'normal',
  'normal approximation': 'normal',
  normal_approx: 'normal',
  'normal-approx': 'normal',
  poisson: 'poisson',
  fisher: 'fisher',
  identity: 'identity',
};

/** Parses a method name (gsm's `Normal Approximation`/`NormalApprox` accepted); undefined if unknown. */
export function parseMethod(value: unknown): KriMethod | undefined {
  return typeof value === 'string' ? METHOD_ALIASES[value.trim().toLowerCase()] : undefined;
}

function numberList(value: unknown): number[] | undefined {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' ? v : NaN));
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((s) => (s.trim() === '' ? NaN : Number(s)))
      .sort((a, b) => a - b);
  }
  return undefined;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/**
 * Validates a KRI definition and fills defaults (flags, names, minN = 0). Throws `RiskInputError`
 * listing every problem, each prefixed with `where` (e.g. `kris.yaml: kris[2] (lag01)`).
 */
export function defineKri(input: KriInput, where = 'KRI'): KriDefinition {
  const problems: RiskInputProblem[] = [];
  const problem = (field: string, reason: string): void => {
    problems.push({ field: `${where}.${field}`, reason });
  };

  const id = typeof input.id === 'string' ? input.id.trim() : '';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) {
    problem(
      'id',
      `must be a word of letters, digits, '.', '_' or '-', got ${JSON.stringify(input.id)}`,
    );
  }
  const typeText = typeof input.type === 'string' ? input.type.trim().toLowerCase() : '';
  const type: KriType = typeText === 'binary' ? 'binary' : 'rate';
  if (typeText !== 'rate' && typeText !== 'binary') {
    problem('type', `must be 'rate' or 'binary', got ${JSON.stringify(input.type)}`);
  }
  const method = parseMethod(input.method) ?? 'normal';
  if (parseMethod(input.method) === undefined) {
    problem(
      'method',
      `must be one of ${KRI_METHODS.join(', ')}, got ${JSON.stringify(input.method)}`,
    );
  }

  let thresholds =
    input.thresholds === undefined ? DEFAULT_THRESHOLDS[method] : numberList(input.thresholds);
  if (thresholds === undefined) {
    problem(
      'thresholds',
      input.thresholds === undefined
        ? `are required for method '${method}' (no default: they are in the metric's unit)`
        : 'must be a list of numbers or a comma-separated string such as "-3,-2,2,3"',
    );
    thresholds = [];
  } else if (thresholds.length === 0 || thresholds.some((t) => !Number.isFinite(t))) {
    problem('thresholds', `must be finite numbers, got ${JSON.stringify(input.thresholds)}`);
  } else if (thresholds.some((t, i) => i > 0 && t <= (thresholds?.[i - 1] as number))) {
    problem('thresholds', `must be strictly ascending, got [${thresholds.join(', ')}]`);
  } else if (
    method === 'fisher' &&
    (thresholds.length !== 2 || (thresholds[0] ?? 0) <= 0 || (thresholds[1] ?? 2) > 1)
  ) {
    problem(
      'thresholds',
      `for fisher must be two p-values 0 < strong < moderate <= 1, got [${thresholds.join(', ')}]`,
    );
  }

  let flags: readonly number[];
  if (method === 'fisher') {
    if (input.flags !== undefined)
      problem('flags', 'are fixed for fisher (-2..2 by p-value and direction)');
    flags = FISHER_FLAGS;
  } else if (input.flags === undefined) {
    const fallback = defaultFlags(thresholds.length);
    if (fallback === undefined && thresholds.length > 0) {
      problem('flags', `must be given for ${thresholds.length} thresholds (one flag per interval)`);
    }
    flags = fallback ?? [];
  } else {
    const list = Array.isArray(input.flags) ? input.flags : [];
    if (list.length !== thresholds.length + 1) {
      problem(
        'flags',
        `must list ${thresholds.length + 1} integers (one per interval), got ${JSON.stringify(input.flags)}`,
      );
    } else if (!list.every((f) => Number.isInteger(f))) {
      problem('flags', `must be integers, got ${JSON.stringify(input.flags)}`);
    } else if (list.some((f: number, i) => i > 0 && f < (list[i - 1] as number))) {
      // Monotone flags keep "a higher score never lowers the flag" true for every KRI.
      problem('flags', `must be non-decreasing, got ${JSON.stringify(input.flags)}`);
    }
    flags = list as number[];
  }

  let minN = 0;
  if (input.minN !== undefined && input.minN !== null && input.minN !== 'NA') {
    if (typeof input.minN !== 'number' || !Number.isFinite(input.minN) || input.minN < 0) {
      problem('minN', `must be a number >= 0, got ${JSON.stringify(input.minN)}`);
    } else {
      minN = input.minN;
    }
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.field}: ${p.reason}`);
    throw new RiskInputError(`invalid KRI definition:\n  ${lines.join('\n  ')}`, problems);
  }
  return {
    id,
    abbreviation: text(input.abbreviation, id.toUpperCase()),
    name: text(input.name, id),
    numerator: text(input.numerator, 'Numerator'),
    denominator: text(input.denominator, 'Denominator'),
    groupLevel: text(input.groupLevel, 'Site'),
    type,
    method,
    thresholds,
    flags,
    minN,
  };
}

/**
 * The same KRI scored with another method. Thresholds and flags are kept when the method does not
 * change; otherwise they become the new method's defaults (a z-score cut-off is no p-value).
 */
export function withMethod(kri: KriDefinition, method: KriMethod): KriDefinition {
  if (method === kri.method) return kri;
  return defineKri(
    { ...kri, method, thresholds: undefined, flags: undefined },
    `KRI ${kri.id} with method ${method}`,
  );
}

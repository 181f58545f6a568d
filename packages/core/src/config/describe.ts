import { Kind, type TSchema } from '@sinclair/typebox';

/** Reads a schema keyword without trusting its type. */
function num(schema: TSchema, key: string): number | undefined {
  const v: unknown = schema[key];
  return typeof v === 'number' ? v : undefined;
}

function range(schema: TSchema): string {
  const min = num(schema, 'minimum');
  const max = num(schema, 'maximum');
  const xmin = num(schema, 'exclusiveMinimum');
  const xmax = num(schema, 'exclusiveMaximum');
  if (min !== undefined && max !== undefined) return ` ${min}..${max}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`>= ${min}`);
  if (xmin !== undefined) parts.push(`> ${xmin}`);
  if (max !== undefined) parts.push(`<= ${max}`);
  if (xmax !== undefined) parts.push(`< ${xmax}`);
  const multiple = num(schema, 'multipleOf');
  if (multiple !== undefined) parts.push(`multiple of ${multiple}`);
  return parts.length ? ' ' + parts.join(' and ') : '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * What a schema accepts, in words, for the "expected …" half of a message: `integer 1..65535`,
 * `string of at least 16 characters`, `one of "json", "pretty"`. The whole constraint is described,
 * not just the keyword that failed, so one message tells the reader everything they need.
 */
export function expectation(schema: TSchema): string {
  const kind = schema[Kind] as string | undefined;
  switch (kind) {
    case 'Integer':
    case 'Number':
      return (kind === 'Integer' ? 'integer' : 'number') + range(schema);
    case 'String': {
      const min = num(schema, 'minLength');
      const max = num(schema, 'maxLength');
      let text = min === 1 && max === undefined ? 'non-empty string' : 'string';
      if (min !== undefined && min > 1 && max !== undefined)
        text += ` of ${min}..${max} characters`;
      else if (min !== undefined && min > 1) text += ` of at least ${plural(min, 'character')}`;
      else if (max !== undefined) text += ` of at most ${plural(max, 'character')}`;
      if (typeof schema.pattern === 'string') text += ` matching /${schema.pattern}/`;
      return text;
    }
    case 'Boolean':
      return 'boolean (true or false)';
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Union': {
      const members = (schema.anyOf ?? []) as TSchema[];
      if (members.every((m) => m[Kind] === 'Literal')) {
        return 'one of ' + members.map((m) => JSON.stringify(m.const)).join(', ');
      }
      return members.map(expectation).join(' or ');
    }
    case 'Array': {
      const min = num(schema, 'minItems');
      const max = num(schema, 'maxItems');
      let text = 'list';
      if (min === 1 && max === undefined) text = 'non-empty list';
      else if (min !== undefined && min > 1) text += ` of at least ${plural(min, 'item')}`;
      if (max !== undefined) text += ` of at most ${plural(max, 'item')}`;
      return text;
    }
    case 'Object':
    case 'Record':
      return 'object';
    case 'Null':
      return 'null';
    default:
      return typeof schema.type === 'string' ? schema.type : 'a valid value';
  }
}

// Keys whose values must not end up in logs or terminals (the same idea as the logger's redaction).
const SECRET_KEY = /secret|password|passwd|token|private|credential|apikey|api_key/i;

/**
 * The "got …" half of a message. Strings are quoted (so `"8002"` is visibly not `8002`) and cut
 * at 60 characters; values under secret-looking keys are never echoed, only their length.
 */
export function describeValue(value: unknown, key: string | number | undefined): string {
  if (typeof value === 'string') {
    if (typeof key === 'string' && SECRET_KEY.test(key)) {
      return `a string of ${plural(value.length, 'character')}`;
    }
    const quoted = JSON.stringify(value);
    return quoted.length > 60 ? quoted.slice(0, 57) + '…"' : quoted;
  }
  if (Array.isArray(value)) return `a list of ${plural(value.length, 'item')}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return typeof value;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transposition (`Prot` → `Port`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The declared key an unknown key most likely meant: same letters in another case (`port` →
 * `Port`, common with go-zero's case-insensitive keys) or within a small edit distance.
 */
export function suggestKey(unknown: string, candidates: readonly string[]): string | undefined {
  const lower = unknown.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const limit = unknown.length <= 4 ? 1 : unknown.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const dist = editDistance(lower, c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

import { Kind, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, ValuePointer, type ValueError } from '@sinclair/typebox/value';
import type { ConfigIssue, ConfigIssueKind } from './config-error.js';
import { describeValue, expectation, suggestKey } from './describe.js';
import { displayPath, pathFromPointer, pointerOf, type KeyPath } from './key-path.js';
import type { YamlSource } from './yaml-source.js';

const strictCache = new WeakMap<TSchema, TSchema>();

/**
 * A copy of the schema in which every object without an explicit `additionalProperties` rejects
 * unknown keys: a misspelt key must fail start-up, not be silently ignored while its default
 * applies. Intersects are left alone (strict members would reject each other's keys); use
 * `Type.Composite` or spread `properties` instead.
 */
export function strictSchema<T extends TSchema>(schema: T): T {
  const cached = strictCache.get(schema);
  if (cached) return cached as T;
  let out: TSchema = schema;
  switch (schema[Kind]) {
    case 'Object': {
      const props = (schema.properties ?? {}) as Record<string, TSchema>;
      out = {
        ...schema,
        additionalProperties: schema.additionalProperties ?? false,
        properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, strictSchema(v)])),
      };
      break;
    }
    case 'Array':
      out = { ...schema, items: strictSchema(schema.items as TSchema) };
      break;
    case 'Union':
      out = { ...schema, anyOf: (schema.anyOf as TSchema[]).map((s) => strictSchema(s)) };
      break;
    case 'Record': {
      const patterns = schema.patternProperties as Record<string, TSchema>;
      out = {
        ...schema,
        patternProperties: Object.fromEntries(
          Object.entries(patterns).map(([k, v]) => [k, strictSchema(v)]),
        ),
      };
      break;
    }
    default:
      break;
  }
  strictCache.set(schema, out);
  return out as T;
}

/** Validation context: where the value came from, for positions and lossless conversions. */
export interface ValidateContext {
  readonly file: string;
  readonly source?: Pick<YamlSource, 'failed' | 'positions' | 'plainText'>;
}

/**
 * Fills defaults and validates. Returns the defaulted value and every problem found, each once
 * per key path.
 *
 * `Value.Convert` is deliberately not used: it would turn `Port: "8002"` (a quoted string) into a
 * number and `Password: 0123` into "123". The one conversion done is lossless: where a string is
 * expected and the file has a plain scalar YAML typed as a number or boolean, the scalar's exact
 * source text is used (`Password: 0123` → "0123", `Version: 1.10` → "1.10").
 */
export function validate(
  schema: TSchema,
  input: unknown,
  ctx: ValidateContext,
): { value: unknown; issues: ConfigIssue[] } {
  const strict = strictSchema(schema);
  const value = Value.Default(strict, Value.Clone(input));

  let errors = [...Value.Errors(strict, value)];
  const plainText = ctx.source?.plainText;
  if (plainText && errors.some((e) => e.type === ValueErrorType.String)) {
    let converted = false;
    for (const e of errors) {
      const text = plainText.get(e.path);
      if (e.type === ValueErrorType.String && text !== undefined && typeof e.value !== 'string') {
        ValuePointer.Set(value, e.path, text);
        converted = true;
      }
    }
    if (converted) errors = [...Value.Errors(strict, value)];
  }

  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const failed = [...(ctx.source?.failed ?? [])];
  for (const e of errors) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    // A key whose ${VAR} did not resolve is already reported; anything else there is noise.
    if (failed.some((f) => e.path === f || e.path.startsWith(f + '/'))) continue;
    issues.push(toIssue(e, value, ctx));
  }
  checkRequireAnyOf(strict, value, [], (path, message) => {
    const pointer = pointerOf(path);
    if (seen.has(pointer) || failed.some((f) => f.startsWith(pointer + '/'))) return;
    issues.push(issue(ctx, path, 'invalid', message));
  });
  return { value, issues: sortIssues(issues) };
}

function issue(
  ctx: ValidateContext,
  path: KeyPath,
  kind: ConfigIssueKind,
  message: string,
): ConfigIssue {
  const pos = ctx.source?.positions.get(pointerOf(path));
  return { file: ctx.file, path: displayPath(path), kind, message, ...pos };
}

function toIssue(e: ValueError, root: unknown, ctx: ValidateContext): ConfigIssue {
  const path = pathFromPointer(e.path, root);
  const key = path[path.length - 1];
  if (e.type === ValueErrorType.ObjectRequiredProperty) {
    return issue(ctx, path, 'missing', 'required key is missing');
  }
  if (e.type === ValueErrorType.ObjectAdditionalProperties) {
    const declared = Object.keys((e.schema.properties ?? {}) as Record<string, unknown>);
    const hint = typeof key === 'string' ? suggestKey(key, declared) : undefined;
    return issue(ctx, path, 'unknown', `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }
  if (e.value === undefined) return issue(ctx, path, 'missing', 'required key is missing');
  const message = `expected ${expectation(e.schema)}, got ${describeValue(e.value, key)}`;
  return issue(ctx, path, 'invalid', message);
}

// The first line should name the root cause: a misspelt key (`Prot`) explains the "missing"
// error for the key it was meant to be (`Port`), so unknown keys come first.
const ORDER: Record<ConfigIssueKind, number> = {
  read: 0,
  args: 0,
  syntax: 0,
  env: 1,
  unknown: 2,
  invalid: 3,
  missing: 4,
};

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => ORDER[a.issue.kind] - ORDER[b.issue.kind] || a.index - b.index)
    .map((x) => x.issue);
}

/** `anyOf: [{ required: ['A'] }, { required: ['B'] }]` on an object schema, as key lists. */
function requiredAlternatives(schema: TSchema): string[][] | undefined {
  const anyOf: unknown = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length === 0) return undefined;
  const lists = anyOf.map((s: unknown) =>
    typeof s === 'object' && s !== null && Array.isArray((s as { required?: unknown }).required)
      ? (s as { required: string[] }).required
      : undefined,
  );
  return lists.every((l) => l !== undefined) ? lists : undefined;
}

/**
 * Enforces the JSON Schema idiom "at least one of these keys" (`anyOf` of `required`), which
 * TypeBox's value checker ignores on objects. Kept as standard JSON Schema so the same rule holds
 * for any other validator the schema is handed to.
 */
function checkRequireAnyOf(
  schema: TSchema,
  value: unknown,
  path: KeyPath,
  report: (path: KeyPath, message: string) => void,
): void {
  const kind = schema[Kind];
  if (kind === 'Object' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const alternatives = requiredAlternatives(schema);
    if (alternatives && !alternatives.some((keys) => keys.every((k) => record[k] !== undefined))) {
      report(path, `expected at least one of ${alternatives.map((k) => k.join(' + ')).join(', ')}`);
    }
    const props = (schema.properties ?? {}) as Record<string, TSchema>;
    for (const [k, child] of Object.entries(props)) {
      if (record[k] !== undefined) checkRequireAnyOf(child, record[k], [...path, k], report);
    }
  } else if (kind === 'Array' && Array.isArray(value)) {
    value.forEach((item, i) =>
      checkRequireAnyOf(schema.items as TSchema, item, [...path, i], report),
    );
  }
}

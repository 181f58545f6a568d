import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Schema,
  type Range,
  type ScalarTag,
} from 'yaml';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { expandEnv, hasEnvReference, type ConfigEnv } from './env.js';
import { displayPath, pointerOf, type KeyPath } from './key-path.js';

/** A parsed config document plus what the validator needs to report precisely. */
export interface YamlSource {
  /** The document as plain JS, `${VAR}` expanded, keys with no value (`Key:`) removed. */
  readonly value: unknown;
  /** Unresolvable `${VAR}` references, in document order. */
  readonly envIssues: ConfigIssue[];
  /** JSON pointers of values whose `${VAR}` failed: schema errors there would only be noise. */
  readonly failed: ReadonlySet<string>;
  /** JSON pointer → 1-based line/col of the key (map entries) or item (list entries). */
  readonly positions: ReadonlyMap<string, { line: number; col: number }>;
  /** JSON pointer → source text of a plain scalar that YAML typed as number/bool (`0123`, `1.10`). */
  readonly plainText: ReadonlyMap<string, string>;
}

// YAML 1.2 core schema resolution for plain scalars: the same rules the parser applies to text
// written in the file, reused for text produced by `${VAR}` expansion.
const coreScalarTags = new Schema({ schema: 'core' }).tags.filter(
  (t): t is ScalarTag => !('collection' in t && t.collection) && 'test' in t && !!t.test,
);

function resolvePlain(text: string): unknown {
  for (const tag of coreScalarTags) {
    if (tag.test?.test(text)) {
      // Some tags (bool, null) wrap their value in a Scalar to remember the source spelling.
      const resolved = tag.resolve(text, () => undefined, {});
      return isScalar(resolved) ? resolved.value : resolved;
    }
  }
  return text;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/**
 * Parses YAML text into a config value. YAML syntax errors throw a {@link ConfigError} at once
 * (with line:col); `${VAR}` problems are returned so they can be reported with schema problems.
 *
 * Expansion runs on scalar values after parsing, not on the raw text: a variable's value can then
 * never change the document's structure (a `: ` or newline in a password stays in that string),
 * and errors name the key path. A plain scalar is re-typed after expansion as if its text had been
 * written in the file (`Port: ${PORT:-8002}` → 8002); quoted and block scalars stay strings.
 */
export function readYaml(text: string, file: string, env: ConfigEnv): YamlSource {
  const lineCounter = new LineCounter();
  // merge: go-zero's Go YAML decoder honours `<<: *anchor`, so configs written for it may use it.
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, path: '', kind: 'syntax', message: e.message, line: pos.line, col: pos.col };
      }),
    );
  }

  const envIssues: ConfigIssue[] = [];
  const failed = new Set<string>();
  const positions = new Map<string, { line: number; col: number }>();
  const plainText = new Map<string, string>();
  const place = (path: KeyPath, range: Range | null | undefined): void => {
    if (range) positions.set(pointerOf(path), lineCounter.linePos(range[0]));
  };

  const walk = (node: unknown, path: KeyPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        // Keys merged in from an inline `<<: {…}` belong to this map; aliases are walked where
        // their anchor is defined.
        if (isMergeKey(pair.key)) {
          walk(pair.value, path);
          continue;
        }
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = [...path, key];
        place(child, isScalar(pair.key) ? pair.key.range : undefined);
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = [...path, index];
        if (!isAlias(item) && (isScalar(item) || isMap(item) || isSeq(item)))
          place(child, item.range);
        walk(item, child);
      });
    } else if (isScalar(node)) {
      const pointer = pointerOf(path);
      if (typeof node.value === 'string' && hasEnvReference(node.value)) {
        const expanded = expandEnv(node.value, env);
        if (!expanded.ok) {
          const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
          envIssues.push({
            file,
            path: displayPath(path),
            kind: 'env',
            message: expanded.reason,
            ...pos,
          });
          failed.add(pointer);
          node.value = null;
        } else if (node.type === 'PLAIN') {
          node.value = resolvePlain(expanded.value);
          if (typeof node.value !== 'string') plainText.set(pointer, expanded.value);
        } else {
          node.value = expanded.value;
        }
      } else if (node.type === 'PLAIN' && typeof node.value !== 'string' && node.source) {
        plainText.set(pointer, node.source);
      }
    }
  };
  walk(doc.contents, []);

  return { value: dropEmptyKeys(doc.toJS()), envIssues, failed, positions, plainText };
}

/**
 * `Key:` (or `Key: null`) counts as not set, so the schema default applies, as in go-zero where an
 * empty YAML value leaves the field at its default. An empty file becomes `{}`.
 */
function dropEmptyKeys(value: unknown): unknown {
  if (value === null || value === undefined) return {};
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) if (child !== null) out[k] = visit(child);
      return out;
    }
    return v;
  };
  return visit(value);
}

import { parseDocument } from 'yaml';
import { RiskInputError, type RiskInputProblem } from '../errors.js';
import { BUILTIN_KRIS } from './builtin.js';
import type { KriDefinition } from './definition.js';
import { defineKri, KRI_FIELDS, type KriInput } from './validate.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a KRI file (YAML) and returns the KRI catalogue it yields: `base` (the built-ins by
 * default) with each entry applied. An entry whose `id` exists tunes it (only the listed fields
 * change; a new method without thresholds takes the method's defaults); a new `id` defines a KRI and
 * needs at least `type` and `method`. Accepted shapes: `{ kris: [...] }` or a bare list.
 *
 * Throws `RiskInputError` naming the file, the entry and the field for every problem found.
 */
export function parseKriFile(
  text: string,
  source: string,
  base: ReadonlyMap<string, KriDefinition> = BUILTIN_KRIS,
): Map<string, KriDefinition> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = first?.linePos?.[0]?.line;
    throw new RiskInputError(
      `${source}${line === undefined ? '' : ` line ${line}`}: not valid YAML: ${first?.message ?? 'unknown error'}`,
      doc.errors.map((e) => ({ field: source, reason: e.message })),
    );
  }
  const data: unknown = doc.toJS();
  const entries = Array.isArray(data) ? data : isRecord(data) ? data.kris : undefined;
  if (!Array.isArray(entries)) {
    throw new RiskInputError(`${source}: expected a list of KRIs, or a mapping with a 'kris' list`);
  }

  const result = new Map(base);
  const seen = new Set<string>();
  const problems: RiskInputProblem[] = [];
  entries.forEach((entry: unknown, index) => {
    const label = isRecord(entry) && typeof entry.id === 'string' ? ` (${entry.id})` : '';
    const where = `${source}: kris[${index}]${label}`;
    if (!isRecord(entry)) {
      problems.push({ field: where, reason: 'must be a mapping of KRI fields' });
      return;
    }
    const unknown = Object.keys(entry).filter(
      (k) => !(KRI_FIELDS as readonly string[]).includes(k),
    );
    if (unknown.length > 0) {
      problems.push({
        field: where,
        reason: `unknown field(s) ${unknown.join(', ')} (known: ${KRI_FIELDS.join(', ')})`,
      });
      return;
    }
    const id = typeof entry.id === 'string' ? entry.id.trim() : '';
    if (seen.has(id)) {
      problems.push({ field: `${where}.id`, reason: `duplicate id '${id}' in this file` });
      return;
    }
    seen.add(id);
    const existing = result.get(id);
    let input: KriInput = entry;
    if (existing !== undefined) {
      const methodChanged = entry.method !== undefined && entry.method !== existing.method;
      const thresholdsChanged = entry.thresholds !== undefined || methodChanged;
      input = {
        ...existing,
        thresholds: methodChanged ? undefined : existing.thresholds,
        flags: thresholdsChanged ? undefined : existing.flags,
        ...entry,
      };
    }
    try {
      result.set(id, defineKri(input, where));
    } catch (err) {
      if (!(err instanceof RiskInputError)) throw err;
      problems.push(...err.details);
    }
  });
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.field}: ${p.reason}`);
    throw new RiskInputError(`invalid KRI file ${source}:\n  ${lines.join('\n  ')}`, problems);
  }
  return result;
}

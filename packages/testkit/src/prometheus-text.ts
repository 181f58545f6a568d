/** One sample line of a Prometheus text exposition. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric family: its `# TYPE`, `# HELP` and samples. */
export interface PromFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: PromSample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/** A sample value as Prometheus reads it (Go's ParseFloat: Inf and NaN in any letter case). */
function parseValue(text: string, where: string): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`${where}: bad value "${text}"`);
  return Number(text);
}

/** Parses `{a="x",b="y"}` starting at `i`; returns the labels and the index after `}`. */
function parseLabels(line: string, i: number, where: string): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  i++; // past '{'
  for (;;) {
    if (line[i] === '}') return [labels, i + 1];
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: label without value`);
    const name = line.slice(i, eq);
    if (!LABEL.test(name)) throw new Error(`${where}: bad label name "${name}"`);
    if (name in labels) throw new Error(`${where}: duplicate label "${name}"`);
    if (line[eq + 1] !== '"') throw new Error(`${where}: label value not quoted`);
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\') {
        const next = line[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`${where}: bad escape "\\${next}"`);
      } else value += line[j];
    }
    if (j >= line.length) throw new Error(`${where}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') throw new Error(`${where}: expected , or } after a label`);
  }
}

/** The family a sample belongs to: its own name, or the name without a type's suffix. */
function familyOf(sample: string, families: Map<string, PromFamily>): PromFamily | undefined {
  const direct = families.get(sample);
  if (direct) return direct;
  for (const [suffixType, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (!suffix || !sample.endsWith(suffix)) continue;
      const family = families.get(sample.slice(0, -suffix.length));
      if (family?.type === suffixType) return family;
    }
  }
  return undefined;
}

function checkHistogram(f: PromFamily): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}: bucket without le`);
      entry.buckets.push([parseValue(le, f.name), s.value]);
    } else if (s.name === `${f.name}_count`) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]![1] < sorted[i - 1]![1]) throw new Error(`${f.name}${key}: buckets decrease`);
    }
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Infinity) throw new Error(`${f.name}${key}: no +Inf bucket`);
    if (count !== inf[1]) throw new Error(`${f.name}${key}: _count differs from the +Inf bucket`);
  }
}

/**
 * A strict parser of the Prometheus text format 0.0.4: every line must be a well-formed comment,
 * HELP/TYPE or sample; a family's TYPE comes before its samples and its samples are contiguous;
 * no series appears twice; histogram buckets are cumulative and end in +Inf = _count. Throws
 * naming the line on the first violation; returns the families by name.
 */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: PromFamily | undefined;
  const lines = text.split('\n');
  for (const [n, line] of lines.entries()) {
    const where = `line ${n + 1}`;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!METRIC.test(name)) throw new Error(`${where}: bad metric name "${name}"`);
      if (closed.has(name)) throw new Error(`${where}: family ${name} reopened`);
      let family = families.get(name);
      if (!family) {
        if (current && current.name !== name) closed.add(current.name);
        family = { name, type: 'untyped', help: '', samples: [] };
        families.set(name, family);
      }
      current = family;
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type "${rest}"`);
        if (family.samples.length) throw new Error(`${where}: TYPE after samples of ${name}`);
        family.type = rest as PromFamily['type'];
      } else family.help = rest;
      continue;
    }
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) throw new Error(`${where}: not a sample: "${line}"`);
    const name = line.slice(0, nameEnd);
    if (!METRIC.test(name)) throw new Error(`${where}: bad metric name "${name}"`);
    let labels: Record<string, string> = {};
    let i = nameEnd;
    if (line[i] === '{') [labels, i] = parseLabels(line, i, where);
    const parts = line.slice(i).trim().split(/\s+/);
    if (parts.length < 1 || parts.length > 2 || line[i] !== ' ')
      throw new Error(`${where}: expected "value [timestamp]"`);
    const value = parseValue(parts[0]!, where);
    let family = familyOf(name, families);
    if (!family) {
      if (current) closed.add(current.name);
      family = { name, type: 'untyped', help: '', samples: [] };
      families.set(name, family);
    }
    if (closed.has(family.name))
      throw new Error(`${where}: samples of ${family.name} not contiguous`);
    if (current && current !== family) closed.add(current.name);
    current = family;
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`${where}: duplicate series ${name}`);
    seen.add(key);
    family.samples.push({ name, labels, value });
  }
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

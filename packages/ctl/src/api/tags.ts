// Struct tags: Go's `key:"value" key2:"value2"` syntax (reflect.StructTag) and go-zero's option
// grammar inside a value (core/mapping/utils.go: parseSegments, parseOption, parseNumberRange).
import type { NumberRange, TagOptions } from './spec.js';

/** Tag keys with their parsed options, plus problems worth a warning. */
export interface ParsedTag {
  entries: Record<string, TagOptions>;
  problems: string[];
}

/** Parse a raw tag (with or without surrounding backquotes). */
export function parseTag(rawTag: string): ParsedTag {
  const text = rawTag.startsWith('`') ? rawTag.slice(1, -1) : rawTag;
  const entries: Record<string, TagOptions> = {};
  const problems: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && text[i] !== ':' && text[i] !== '"' && text.charCodeAt(i) > 0x20) i++;
    const key = text.slice(keyStart, i);
    if (key === '' || text[i] !== ':' || text[i + 1] !== '"') {
      problems.push(`malformed struct tag near "${text.slice(keyStart)}"`);
      break;
    }
    i += 2;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) {
        value += unescape(text[i + 1] as string);
        i += 2;
      } else value += text[i++];
    }
    if (text[i] !== '"') {
      problems.push(`unterminated value of struct tag key "${key}"`);
      break;
    }
    i++;
    if (key in entries) problems.push(`duplicate struct tag key "${key}"`);
    entries[key] = parseOptions(value, problems);
  }
  return { entries, problems };
}

function unescape(ch: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
  return map[ch] ?? ch;
}

/** Split on `,` outside `[...]`/`(...)`, honouring `\` escapes (go-zero parseSegments). */
export function splitSegments(value: string): string[] {
  const segments: string[] = [];
  let buf = '';
  let escaped = false;
  let grouped = false;
  for (const ch of value) {
    if (escaped) {
      buf += ch;
      escaped = false;
    } else if (ch === ',' && !grouped) {
      segments.push(buf.trim());
      buf = '';
    } else if (ch === '\\' && !grouped) {
      escaped = true;
    } else {
      if (ch === '(' || ch === '[') grouped = true;
      if (ch === ')' || ch === ']') grouped = false;
      buf += ch;
    }
  }
  if (buf.trim() !== '') segments.push(buf.trim());
  return segments;
}

function parseOptions(value: string, problems: string[]): TagOptions {
  const [name = '', ...rest] = splitSegments(value);
  const opts: TagOptions = { name, raw: value };
  for (const option of rest) {
    const eq = option.indexOf('=');
    const key = eq < 0 ? option : option.slice(0, eq);
    const val = eq < 0 ? undefined : option.slice(eq + 1).trim();
    if (val !== undefined && val.includes('=') && key !== 'optional') {
      problems.push(`option "${option}" has more than one "="`);
      continue;
    }
    switch (key) {
      case 'optional':
        opts.optional = true;
        if (val !== undefined) opts.optionalDep = val;
        break;
      case 'omitempty':
      case 'string':
      case 'inherit':
        opts[key] = true;
        break;
      case 'options':
        opts.options = splitOptions(val ?? '');
        break;
      case 'default':
      case 'env':
      case 'example':
        opts[key] = val ?? '';
        break;
      case 'range': {
        const range = parseRange(val ?? '');
        if (typeof range === 'string') problems.push(`range "${val ?? ''}": ${range}`);
        else opts.range = range;
        break;
      }
      default:
        (opts.extra ??= []).push(option);
    }
  }
  return opts;
}

// `a|b|c`, or `[a,b,c]` (go-zero parseOptions / parseGroupedSegments).
function splitOptions(val: string): string[] {
  if (val === '') return [];
  if (val.startsWith('[') || val.startsWith('(')) {
    return splitSegments(val.replace(/^[[(]+/, '').replace(/[\])]+$/, ''));
  }
  return val.split('|');
}

/** Parse `[a:b]`, `(a:b]`, `[a:]`...; returns the problem as a string when invalid. */
export function parseRange(text: string): NumberRange | string {
  const open = text[0];
  const close = text[text.length - 1];
  if (text.length < 3 || (open !== '[' && open !== '(') || (close !== ']' && close !== ')')) {
    return 'expected [a:b], (a:b), [a:b) or (a:b]';
  }
  const parts = text.slice(1, -1).split(':');
  if (parts.length !== 2) return 'expected exactly one ":"';
  const [left = '', right = ''] = parts.map((p) => p.trim());
  if (left === '' && right === '') return 'at least one bound is needed';
  const range: NumberRange = { minInclusive: open === '[', maxInclusive: close === ']' };
  if (left !== '') {
    const n = Number(left);
    if (!Number.isFinite(n)) return `"${left}" is not a number`;
    range.min = n;
  }
  if (right !== '') {
    const n = Number(right);
    if (!Number.isFinite(n)) return `"${right}" is not a number`;
    range.max = n;
  }
  if (range.min !== undefined && range.max !== undefined) {
    if (range.min > range.max) return 'lower bound is above upper bound';
    if (range.min === range.max && !(range.minInclusive && range.maxInclusive)) {
      return 'empty interval';
    }
  }
  return range;
}

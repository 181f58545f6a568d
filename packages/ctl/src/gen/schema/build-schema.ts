// Builds the schema tree (schema-node.ts) of every named type of an `.api` contract.
import type { ApiSpec, Field, TagOptions, TypeDef, TypeRef } from '../../api/spec.js';
import { commentText } from '../naming.js';
import type { FieldLocation, NodeOf, PropNode, SchemaNode } from './schema-node.js';

/** A named type as an object schema. */
export interface NamedSchema {
  name: string;
  description: string;
  node: NodeOf<'object'>;
  /** Named types it refers to (directly or inside arrays, maps, inline structs). */
  refs: string[];
}

/** Problems found while building schemas: generation stops on errors. */
export interface SchemaProblem {
  severity: 'error' | 'warning';
  message: string;
  pos?: { file: string; line: number; col: number };
}

/** All named schemas in dependency order (a type after those it uses). */
export interface ContractSchemas {
  types: NamedSchema[];
  byName: Map<string, NamedSchema>;
  problems: SchemaProblem[];
}

const INT_BOUNDS: Record<string, [number, number] | undefined> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  rune: [-2147483648, 2147483647],
  uint8: [0, 255],
  byte: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};
const INTEGERS = new Set([
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uintptr',
  'byte',
  'rune',
]);

function basicNode(name: string): SchemaNode {
  if (name === 'string') return { kind: 'string' };
  if (name === 'bool') return { kind: 'boolean' };
  if (name === 'float32' || name === 'float64') return { kind: 'number' };
  if (INTEGERS.has(name)) {
    const bounds = INT_BOUNDS[name];
    if (bounds) return { kind: 'integer', minimum: bounds[0], maximum: bounds[1] };
    return name.startsWith('uint') ? { kind: 'integer', minimum: 0 } : { kind: 'integer' };
  }
  return { kind: 'unknown' };
}

/** Where a field goes and under which name; undefined for `json:"-"`. */
export function fieldPlacement(
  f: Field,
): { location: FieldLocation; tag: TagOptions | undefined; key: string } | undefined {
  const pick = (location: FieldLocation, tag: TagOptions) => ({
    location,
    tag,
    key: tag.name || f.name,
  });
  if (f.tag.path) return pick('path', f.tag.path);
  if (f.tag.form) return pick('query', f.tag.form);
  if (f.tag.header) return pick('header', f.tag.header);
  const json = f.tag.json;
  if (json?.name === '-') return undefined;
  return { location: 'body', tag: json, key: json?.name || f.name };
}

class Builder {
  readonly problems: SchemaProblem[] = [];
  private readonly defs: Map<string, TypeDef>;
  constructor(spec: ApiSpec) {
    this.defs = new Map(spec.types.map((t) => [t.name, t]));
  }

  typeNode(t: TypeRef, refs: Set<string>, seen: string[]): SchemaNode {
    switch (t.kind) {
      case 'basic':
        return basicNode(t.name);
      case 'named':
        refs.add(t.name);
        return { kind: 'ref', name: t.name };
      case 'pointer':
        return { kind: 'nullable', of: this.typeNode(t.elem, refs, seen) };
      case 'slice':
        if (t.elem.kind === 'basic' && (t.elem.name === 'byte' || t.elem.name === 'uint8')) {
          return { kind: 'string', contentEncoding: 'base64' };
        }
        return { kind: 'array', items: this.typeNode(t.elem, refs, seen) };
      case 'array':
        return {
          kind: 'array',
          items: this.typeNode(t.elem, refs, seen),
          minItems: t.length,
          maxItems: t.length,
        };
      case 'map': {
        const key = t.key.kind === 'basic' && INTEGERS.has(t.key.name) ? 'integer' : 'string';
        return { kind: 'record', key, value: this.typeNode(t.value, refs, seen) };
      }
      case 'interface':
        return { kind: 'unknown' };
      case 'struct':
        return { kind: 'object', props: this.props(t.fields, refs, seen) };
    }
  }

  /** Properties of a struct's fields, embedded structs flattened (encoding/json promotion). */
  props(fields: readonly Field[], refs: Set<string>, seen: string[]): PropNode[] {
    const out: PropNode[] = [];
    for (const f of fields) {
      if (f.embedded && !f.tag.json?.name) {
        const inner = this.embeddedDef(f.typeRef);
        if (!inner) {
          this.warn(`embedded field ${f.name} is not a struct; it is left out`, f);
          continue;
        }
        if (seen.includes(inner.name)) {
          this.error(`type ${inner.name} embeds itself`, f);
          continue;
        }
        out.push(...this.props(inner.fields, refs, [...seen, inner.name]));
        continue;
      }
      const placed = fieldPlacement(f);
      if (!placed) continue;
      out.push(this.prop(f, placed, refs, seen));
    }
    // A promoted field is shadowed by a shallower one with the same key (Go's rule): keep the last.
    const byKey = new Map<string, PropNode>();
    for (const p of out) {
      if (byKey.has(p.key)) byKey.delete(p.key);
      byKey.set(p.key, p);
    }
    return [...byKey.values()];
  }

  private embeddedDef(t: TypeRef): TypeDef | undefined {
    if (t.kind === 'pointer') return this.embeddedDef(t.elem);
    return t.kind === 'named' ? this.defs.get(t.name) : undefined;
  }

  private prop(
    f: Field,
    placed: NonNullable<ReturnType<typeof fieldPlacement>>,
    refs: Set<string>,
    seen: string[],
  ): PropNode {
    const schema = this.typeNode(f.typeRef, refs, seen);
    const tag = placed.tag;
    if (tag) this.applyTag(schema, tag, f);
    const description = commentText(f.comment.length ? f.comment : f.doc);
    if (description) schema.description = description;
    const optional =
      tag !== undefined &&
      (tag.optional === true || tag.omitempty === true || tag.default !== undefined);
    return { key: placed.key, schema, optional, location: placed.location, field: f.name };
  }

  /** `options`, `range`, `default` and `string` from the tag, applied to the innermost scalar. */
  private applyTag(schema: SchemaNode, tag: TagOptions, f: Field): void {
    let scalar = schema;
    while (scalar.kind === 'nullable' || scalar.kind === 'array') {
      scalar = scalar.kind === 'nullable' ? scalar.of : scalar.items;
    }
    if (tag.string && (scalar.kind === 'integer' || scalar.kind === 'number')) {
      // `json:",string"`: the number travels as a JSON string (encoding/json).
      const pattern =
        scalar.kind === 'integer' ? '^-?[0-9]+$' : '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$';
      for (const k of Object.keys(scalar)) delete (scalar as unknown as Record<string, unknown>)[k];
      Object.assign(scalar, { kind: 'string', pattern });
    }
    if (tag.options?.length) this.applyOptions(scalar, tag.options, f);
    if (tag.range) {
      if (scalar.kind === 'integer' || scalar.kind === 'number') {
        const r = tag.range;
        delete scalar.minimum;
        delete scalar.maximum;
        if (r.min !== undefined) {
          if (r.minInclusive) scalar.minimum = r.min;
          else scalar.exclusiveMinimum = r.min;
        }
        if (r.max !== undefined) {
          if (r.maxInclusive) scalar.maximum = r.max;
          else scalar.exclusiveMaximum = r.max;
        }
      } else this.warn(`range= on non-numeric field ${f.name} is ignored`, f);
    }
    if (tag.default !== undefined) {
      const value = this.scalarValue(scalar, tag.default);
      if (value === undefined)
        this.warn(`default=${tag.default} of ${f.name} does not fit its type`, f);
      else schema.default = value;
    }
  }

  private applyOptions(scalar: SchemaNode, options: string[], f: Field): void {
    const values = options.map((o) => this.scalarValue(scalar, o));
    if (values.some((v) => v === undefined)) {
      this.warn(`options of ${f.name} do not fit its type; they are ignored`, f);
      return;
    }
    if (scalar.kind === 'string') scalar.enum = values as string[];
    else if (scalar.kind === 'integer' || scalar.kind === 'number')
      scalar.enum = values as number[];
    else if (scalar.kind === 'boolean') scalar.enum = values as boolean[];
  }

  private scalarValue(scalar: SchemaNode, text: string): string | number | boolean | undefined {
    switch (scalar.kind) {
      case 'string':
        return text;
      case 'integer': {
        const n = Number(text);
        return text.trim() !== '' && Number.isInteger(n) ? n : undefined;
      }
      case 'number': {
        const n = Number(text);
        return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
      }
      case 'boolean':
        return text === 'true' ? true : text === 'false' ? false : undefined;
      default:
        return undefined;
    }
  }

  warn(message: string, f: Field): void {
    this.problems.push({ severity: 'warning', message, pos: f.pos });
  }

  error(message: string, f: Field): void {
    this.problems.push({ severity: 'error', message, pos: f.pos });
  }
}

/** Schemas of every named type, ordered so a type comes after the types it refers to. */
export function buildSchemas(spec: ApiSpec): ContractSchemas {
  const b = new Builder(spec);
  const built = new Map<string, NamedSchema>();
  for (const t of spec.types) {
    const refs = new Set<string>();
    const node: NodeOf<'object'> = { kind: 'object', props: b.props(t.fields, refs, [t.name]) };
    built.set(t.name, { name: t.name, description: commentText(t.doc), node, refs: [...refs] });
  }
  // Depth-first topological order, declaration order among independents. A cycle cannot be
  // expressed as plain TypeBox constants (nor serialised by fast-json-stringify without $ref
  // plumbing), so it is an error until a contract needs it.
  const ordered: NamedSchema[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    const s = built.get(name);
    if (!s || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const def = spec.types.find((t) => t.name === name);
      b.problems.push({
        severity: 'error',
        message: `recursive types are not supported: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}`,
        pos: def?.pos,
      });
      return;
    }
    state.set(name, 'visiting');
    for (const r of s.refs) visit(r, [...path, name]);
    state.set(name, 'done');
    ordered.push(s);
  };
  for (const t of spec.types) visit(t.name, []);
  return { types: ordered, byName: built, problems: b.problems };
}

// Semantic checks and resolution of declared types (goctl parser/analyzer.go astTypeToSpec and
// parser/api.go checkTypeDeclareContext): top-level types are structs, referenced names exist,
// `any`, `[...]T`, empty inline structs, non-basic map keys and inline structs inside
// maps/arrays/slices are rejected.
import type { FieldDecl, Pos, TypeExpr } from './ast.js';
import { semanticError, semanticWarning, type ApiDiagnostic } from './diagnostics.js';
import type { Field, TypeRef } from './spec.js';
import { parseTag } from './tags.js';
import { BASIC_TYPES } from './tokens.js';

/** Context for resolving the types of one file. */
export interface TypeContext {
  file: string;
  /** Names of all declared types (every file of the contract). */
  declared: ReadonlySet<string>;
  diagnostics: ApiDiagnostic[];
}

/** Basic type names valid as field types (goctl lists `any` but rejects it as a field type). */
export function isBasic(name: string): boolean {
  return BASIC_TYPES.has(name) && name !== 'any';
}

const at = (ctx: TypeContext, pos: Pos) => ({ file: ctx.file, line: pos.line, col: pos.col });

function containsStruct(t: TypeExpr): boolean {
  switch (t.kind) {
    case 'struct':
      return true;
    case 'pointer':
    case 'slice':
    case 'array':
      return containsStruct(t.elem);
    case 'map':
      return containsStruct(t.key) || containsStruct(t.value);
    case 'name':
    case 'interface':
      return false;
  }
}

/** Resolve a type expression, recording errors; returns undefined when it is invalid. */
export function resolveType(ctx: TypeContext, t: TypeExpr): TypeRef | undefined {
  const error = (message: string): undefined => {
    ctx.diagnostics.push(semanticError(at(ctx, t.pos), message));
    return undefined;
  };
  switch (t.kind) {
    case 'name':
      if (t.name === 'any') return error('unsupported any type (use interface{})');
      if (isBasic(t.name)) return { kind: 'basic', name: t.name };
      if (ctx.declared.has(t.name)) return { kind: 'named', name: t.name };
      return error(`unresolved type <${t.name}>`);
    case 'interface':
      return { kind: 'interface' };
    case 'pointer': {
      const elem = resolveType(ctx, t.elem);
      return elem && { kind: 'pointer', elem };
    }
    case 'slice': {
      if (containsStruct(t.elem)) return error('slice elements unsupported nested struct');
      const elem = resolveType(ctx, t.elem);
      return elem && { kind: 'slice', elem };
    }
    case 'array': {
      if (t.length === '...') return error('array length unsupported dynamic length [...]');
      if (containsStruct(t.elem)) return error('array elements unsupported nested struct');
      const elem = resolveType(ctx, t.elem);
      return elem && { kind: 'array', length: Number(t.length), elem };
    }
    case 'map': {
      if (t.key.kind !== 'name' || !isBasic(t.key.name)) {
        return error(`map key must be a basic type, got <${typeText(t.key)}>`);
      }
      if (containsStruct(t.value)) return error('map value unsupported nested struct');
      const value = resolveType(ctx, t.value);
      return value && { kind: 'map', key: { kind: 'basic', name: t.key.name }, value };
    }
    case 'struct': {
      if (t.fields.length === 0) return error('unsupported empty struct');
      return { kind: 'struct', fields: resolveFields(ctx, t.fields) };
    }
  }
}

/** Resolve struct fields; one Field per declared name. */
export function resolveFields(ctx: TypeContext, fields: readonly FieldDecl[]): Field[] {
  const out: Field[] = [];
  for (const f of fields) {
    const typeRef = resolveType(ctx, f.type) ?? { kind: 'interface' };
    const tag = f.tag ? parseTag(f.tag.raw) : { entries: {}, problems: [] };
    if (f.tag) {
      for (const p of tag.problems) ctx.diagnostics.push(semanticWarning(at(ctx, f.tag.pos), p));
    }
    const base = {
      type: typeText(f.type),
      typeRef,
      tag: tag.entries,
      rawTag: f.tag ? f.tag.raw.slice(1, -1) : '',
      doc: f.comments.lead.map((c) => c.text),
      comment: f.comments.tail.map((c) => c.text),
    };
    if (f.names.length === 0) {
      const inner = f.type.kind === 'pointer' ? f.type.elem : f.type;
      const name = inner.kind === 'name' ? inner.name : typeText(inner);
      if (inner.kind === 'name' && isBasic(inner.name)) {
        ctx.diagnostics.push(
          semanticWarning(at(ctx, f.pos), `embedded field of basic type <${name}>`),
        );
      }
      out.push({ ...base, name, embedded: true, pos: at(ctx, f.pos) });
      continue;
    }
    for (const n of f.names)
      out.push({ ...base, name: n.name, embedded: false, pos: at(ctx, n.pos) });
  }
  return out;
}

/** Go text of a type expression, e.g. `[]*Foo`, `map[string]int`, `struct { A int }`. */
export function typeText(t: TypeExpr): string {
  switch (t.kind) {
    case 'name':
      return t.name;
    case 'interface':
      return 'interface{}';
    case 'pointer':
      return `*${typeText(t.elem)}`;
    case 'slice':
      return `[]${typeText(t.elem)}`;
    case 'array':
      return `[${t.length}]${typeText(t.elem)}`;
    case 'map':
      return `map[${typeText(t.key)}]${typeText(t.value)}`;
    case 'struct': {
      const parts = t.fields.map((f) => {
        const names = f.names.map((n) => n.name).join(', ');
        const tag = f.tag ? ` ${f.tag.raw}` : '';
        return `${names ? `${names} ` : ''}${typeText(f.type)}${tag}`;
      });
      return parts.length ? `struct { ${parts.join('; ')} }` : 'struct{}';
    }
  }
}

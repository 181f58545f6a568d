// Prints schema nodes as TypeBox expressions (`Type.Object({...})`), for types.gen.ts.
import { jsString, propertyKey, tsDoc } from '../naming.js';
import type { PropNode, SchemaNode } from './schema-node.js';

function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? jsString(v) : String(v);
}

/** `{ minimum: 1, default: 'x' }` of the JSON Schema keywords a node carries (description aside). */
function optionsOf(node: SchemaNode): string {
  const parts: string[] = [];
  const add = (key: string, value: string | number | boolean | undefined) => {
    if (value === undefined) return;
    parts.push(`${key}: ${typeof value === 'string' ? jsString(value) : String(value)}`);
  };
  switch (node.kind) {
    case 'string':
      add('pattern', node.pattern);
      add('contentEncoding', node.contentEncoding);
      break;
    case 'integer':
    case 'number':
      add('minimum', node.minimum);
      add('maximum', node.maximum);
      add('exclusiveMinimum', node.exclusiveMinimum);
      add('exclusiveMaximum', node.exclusiveMaximum);
      break;
    case 'array':
      add('minItems', node.minItems);
      add('maxItems', node.maxItems);
      break;
    default:
      break;
  }
  add('default', node.default);
  return parts.length ? `{ ${parts.join(', ')} }` : '';
}

function withOptions(call: string, args: string[], node: SchemaNode): string {
  const opts = optionsOf(node);
  return `${call}(${[...args, ...(opts ? [opts] : [])].join(', ')})`;
}

function enumExpr(T: string, values: (string | number | boolean)[], node: SchemaNode): string {
  const lits = values.map((v) => `${T}.Literal(${literal(v)})`);
  const [only] = values;
  if (only !== undefined && values.length === 1)
    return withOptions(`${T}.Literal`, [literal(only)], node);
  const opts = node.default === undefined ? '' : `, { default: ${literal(node.default)} }`;
  return `${T}.Union([${lits.join(', ')}]${opts})`;
}

/** A TypeBox expression for `node`; `T` is the local name of TypeBox's `Type`. */
export function typeboxExpr(
  node: SchemaNode,
  T: string,
  indent: string,
  ref = (n: string) => n,
): string {
  switch (node.kind) {
    case 'string':
      return node.enum ? enumExpr(T, node.enum, node) : withOptions(`${T}.String`, [], node);
    case 'integer':
      return node.enum ? enumExpr(T, node.enum, node) : withOptions(`${T}.Integer`, [], node);
    case 'number':
      return node.enum ? enumExpr(T, node.enum, node) : withOptions(`${T}.Number`, [], node);
    case 'boolean':
      return node.enum ? enumExpr(T, node.enum, node) : withOptions(`${T}.Boolean`, [], node);
    case 'unknown':
      return withOptions(`${T}.Unknown`, [], node);
    case 'nullable':
      return withOptions(
        `${T}.Union`,
        [`[${typeboxExpr(node.of, T, indent, ref)}, ${T}.Null()]`],
        node,
      );
    case 'array':
      return withOptions(`${T}.Array`, [typeboxExpr(node.items, T, indent, ref)], node);
    case 'record': {
      const key = node.key === 'integer' ? `${T}.Integer()` : `${T}.String()`;
      return withOptions(`${T}.Record`, [key, typeboxExpr(node.value, T, indent, ref)], node);
    }
    case 'ref':
      return ref(node.name);
    case 'object':
      return typeboxObject(node.props, T, indent, ref);
  }
}

/** `T.Object({ ... })` with one property per line and the field comments as TSDoc. */
export function typeboxObject(
  props: readonly PropNode[],
  T: string,
  indent: string,
  ref = (n: string) => n,
): string {
  if (props.length === 0) return `${T}.Object({})`;
  const inner = `${indent}  `;
  const lines = props.map((p) => {
    const expr = typeboxExpr(p.schema, T, inner, ref);
    const value = p.optional ? `${T}.Optional(${expr})` : expr;
    return `${tsDoc(p.schema.description ?? '', inner)}${inner}${propertyKey(p.key)}: ${value},\n`;
  });
  return `${T}.Object({\n${lines.join('')}${indent}})`;
}

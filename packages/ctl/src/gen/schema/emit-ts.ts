// Prints schema nodes as plain TypeScript types, for the fetch client (no TypeBox at run time).
import { jsString, propertyKey, tsDoc } from '../naming.js';
import type { PropNode, SchemaNode } from './schema-node.js';

function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? jsString(v) : String(v);
}

/** A TypeScript type for `node`. */
export function tsTypeExpr(node: SchemaNode, indent: string): string {
  switch (node.kind) {
    case 'string':
      return node.enum ? node.enum.map(literal).join(' | ') : 'string';
    case 'integer':
    case 'number':
      return node.enum ? node.enum.map(literal).join(' | ') : 'number';
    case 'boolean':
      return node.enum ? node.enum.map(literal).join(' | ') : 'boolean';
    case 'unknown':
      return 'unknown';
    case 'nullable':
      return `${tsTypeExpr(node.of, indent)} | null`;
    case 'array': {
      const item = tsTypeExpr(node.items, indent);
      return /[|&\s]/.test(item) && !item.startsWith('{') ? `Array<${item}>` : `${item}[]`;
    }
    case 'record':
      return `Record<${node.key === 'integer' ? 'number' : 'string'}, ${tsTypeExpr(node.value, indent)}>`;
    case 'ref':
      return node.name;
    case 'object':
      return tsObjectType(node.props, indent);
  }
}

/** `{ a: string; b?: number }` over several lines, with TSDoc from the field comments. */
export function tsObjectType(props: readonly PropNode[], indent: string): string {
  if (props.length === 0) return '{}';
  const inner = `${indent}  `;
  const lines = props.map(
    (p) =>
      `${tsDoc(p.schema.description ?? '', inner)}${inner}${propertyKey(p.key)}${p.optional ? '?' : ''}: ${tsTypeExpr(p.schema, inner)};\n`,
  );
  return `{\n${lines.join('')}${indent}}`;
}

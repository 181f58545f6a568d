// Named types a schema node mentions, for import lists.
import type { SchemaNode } from './schema-node.js';

/** Names of the named types inside `node`, in first-seen order. */
export function refsOf(node: SchemaNode | undefined, out: string[] = []): string[] {
  if (!node) return out;
  switch (node.kind) {
    case 'ref':
      if (!out.includes(node.name)) out.push(node.name);
      break;
    case 'nullable':
      refsOf(node.of, out);
      break;
    case 'array':
      refsOf(node.items, out);
      break;
    case 'record':
      refsOf(node.value, out);
      break;
    case 'object':
      for (const p of node.props) refsOf(p.schema, out);
      break;
    default:
      break;
  }
  return out;
}

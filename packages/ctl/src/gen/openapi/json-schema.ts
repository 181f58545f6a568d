// Schema nodes as JSON Schema 2020-12 (OpenAPI 3.1's dialect), refs into components.schemas.
import type { PropNode, SchemaNode } from '../schema/schema-node.js';

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

const REF = '#/components/schemas/';

/** JSON Schema of `node`. */
export function jsonSchema(node: SchemaNode): JsonSchema {
  const s: JsonSchema = {};
  switch (node.kind) {
    case 'string':
      s.type = 'string';
      if (node.enum) s.enum = node.enum;
      if (node.pattern) s.pattern = node.pattern;
      if (node.contentEncoding) s.contentEncoding = node.contentEncoding;
      break;
    case 'integer':
    case 'number':
      s.type = node.kind;
      if (node.enum) s.enum = node.enum;
      for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
        if (node[k] !== undefined) s[k] = node[k];
      }
      break;
    case 'boolean':
      s.type = 'boolean';
      if (node.enum) s.enum = node.enum;
      break;
    case 'unknown':
      break;
    case 'nullable':
      s.anyOf = [jsonSchema(node.of), { type: 'null' }];
      break;
    case 'array':
      s.type = 'array';
      s.items = jsonSchema(node.items);
      if (node.minItems !== undefined) s.minItems = node.minItems;
      if (node.maxItems !== undefined) s.maxItems = node.maxItems;
      break;
    case 'record':
      s.type = 'object';
      s.additionalProperties = jsonSchema(node.value);
      if (node.key === 'integer') s.propertyNames = { pattern: '^-?[0-9]+$' };
      break;
    case 'ref':
      s.$ref = `${REF}${node.name}`;
      break;
    case 'object':
      Object.assign(s, objectSchema(node.props));
      break;
  }
  if (node.description) s.description = node.description;
  if (node.default !== undefined) s.default = node.default;
  return s;
}

/** `{type: object, properties, required}` of some properties. */
export function objectSchema(props: readonly PropNode[]): JsonSchema {
  const s: JsonSchema = { type: 'object', properties: {} };
  const properties = s.properties as Record<string, JsonSchema>;
  const required: string[] = [];
  for (const p of props) {
    properties[p.key] = jsonSchema(p.schema);
    if (!p.optional) required.push(p.key);
  }
  if (required.length) s.required = required;
  return s;
}

// The generators' one view of a contract's data shapes: a small JSON-Schema-like tree built once
// from the resolved `.api` model. TypeBox code (server validation), TypeScript types (client) and
// OpenAPI schemas are all printed from it, so the three cannot disagree.
//
// Go → JSON rules follow encoding/json and go-zero's core/mapping: the wire name comes from the
// location tag (`json`, `form`, `path`, `header`), `[]byte` is base64 text, embedded structs are
// flattened, and `optional`, `omitempty` or `default=` make a field optional.

/** Options every node may carry. */
export interface NodeCommon {
  description?: string;
  /** JSON value filled in when the field is absent (`default=`). */
  default?: string | number | boolean;
}

/** A schema node. */
export type SchemaNode = NodeCommon &
  (
    | { kind: 'string'; enum?: string[]; pattern?: string; contentEncoding?: 'base64' }
    | {
        kind: 'integer' | 'number';
        enum?: number[];
        minimum?: number;
        maximum?: number;
        exclusiveMinimum?: number;
        exclusiveMaximum?: number;
      }
    | { kind: 'boolean'; enum?: boolean[] }
    | { kind: 'unknown' }
    | { kind: 'nullable'; of: SchemaNode }
    | { kind: 'array'; items: SchemaNode; minItems?: number; maxItems?: number }
    | { kind: 'record'; key: 'string' | 'integer'; value: SchemaNode }
    | { kind: 'ref'; name: string }
    | { kind: 'object'; props: PropNode[] }
  );

/** Where a request field travels (go-zero httpx.Parse: path, form → query, header, json → body). */
export type FieldLocation = 'path' | 'query' | 'header' | 'body';

/** One property of an object node. */
export interface PropNode {
  /** Wire name (tag name, or the Go field name when the tag gives none). */
  key: string;
  schema: SchemaNode;
  optional: boolean;
  location: FieldLocation;
  /** Go field name, for messages. */
  field: string;
}

/** A node of a given kind. */
export type NodeOf<K extends SchemaNode['kind']> = Extract<SchemaNode, { kind: K }>;

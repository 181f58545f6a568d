// The resolved contract: what generators (TypeScript service, OpenAPI, clients) consume. It is the
// result of parsing a root `.api` file, merging its imports and passing the semantic checks, in
// the spirit of goctl's tools/goctl/api/spec/spec.go but flattened for TypeScript use.
import type { SourcePos } from './diagnostics.js';

/** A resolved `.api` contract. */
export interface ApiSpec {
  /** `syntax` value; "v1" when the file has no syntax line. */
  syntax: string;
  /** `info(...)` of the root file; keys as written, string values unquoted. */
  info: Record<string, string>;
  /** Service name (e.g. `patient-api`); empty when the files declare no route. */
  service: string;
  /** Named struct types in declaration order: root file first, then imports depth-first. */
  types: TypeDef[];
  /** One group per `service` block, in order; routes carry their group's settings resolved. */
  groups: RouteGroup[];
  /** All routes of all groups, in declaration order. */
  routes: Route[];
  /** Every file read, root first (as opened: joined to the importing file's folder). */
  files: string[];
}

/** A named struct type. */
export interface TypeDef {
  name: string;
  fields: Field[];
  /** Comment lines above the declaration, as written (`// ...` or `/* ... *\/`). */
  doc: string[];
  /** Comments on the declaration's line. */
  comment: string[];
  pos: SourcePos;
}

/** Structured type of a field or body. */
export type TypeRef =
  /** A Go basic type: bool, string, int..., float64, byte, rune... */
  | { kind: 'basic'; name: string }
  /** A reference to a declared struct in {@link ApiSpec.types}. */
  | { kind: 'named'; name: string }
  | { kind: 'pointer'; elem: TypeRef }
  | { kind: 'slice'; elem: TypeRef }
  | { kind: 'array'; length: number; elem: TypeRef }
  /** Key is always a basic type. */
  | { kind: 'map'; key: TypeRef; value: TypeRef }
  /** `interface{}`: any JSON value. */
  | { kind: 'interface' }
  /** An anonymous inline struct (only as a field type or behind a pointer chain to it). */
  | { kind: 'struct'; fields: Field[] };

/** Parsed options of one struct tag key (goctl/go-zero core/mapping semantics). */
export interface TagOptions {
  /** First segment: the wire name (`json:"id"` → `id`); may be empty (`json:",inline"`). */
  name: string;
  /** The tag value as written between the quotes. */
  raw: string;
  optional?: true;
  /** `optional=dep`: optional when the field `dep` is set (`!dep`: when it is not). */
  optionalDep?: string;
  omitempty?: true;
  /** `string`: a number sent as a string. */
  string?: true;
  inherit?: true;
  /** `options=a|b` or `options=[a,b]`: the allowed values. */
  options?: string[];
  /** `default=x`. */
  default?: string;
  /** `range=[a:b]`, `(a:b]`...: numeric bounds; a missing side is unbounded. */
  range?: NumberRange;
  env?: string;
  example?: string;
  /** Any other `key=value` or flag option, in order. */
  extra?: string[];
}

/** A numeric interval from a `range=` option. */
export interface NumberRange {
  min?: number;
  max?: number;
  minInclusive: boolean;
  maxInclusive: boolean;
}

/** A struct field (a `A, B int` declaration yields one Field per name). */
export interface Field {
  /** Field name; for an embedded field, the embedded type's name. */
  name: string;
  /** Go type text, e.g. `string`, `[]*Foo`, `map[string]int`, `struct { A int }`. */
  type: string;
  typeRef: TypeRef;
  /** True for an embedded (anonymous) field such as `Base` or `*Base` on its own line. */
  embedded: boolean;
  /** Tag keys (`json`, `form`, `path`, `header`, any other) parsed into options. */
  tag: Record<string, TagOptions>;
  /** Raw tag text without backquotes; empty when there is none. */
  rawTag: string;
  doc: string[];
  comment: string[];
  pos: SourcePos;
}

/** A request or response body. */
export interface BodyRef {
  /** Go type text: `Foo`, `*Foo`, `[]Foo`, `[]*Foo`, `string`... */
  type: string;
  /** The named or basic type inside. */
  name: string;
  typeRef: TypeRef;
}

/** How a route's documentation was written: `@doc "text"` or `@doc(key: "value")`. */
export type RouteDoc = string | Record<string, string>;

/** Settings of one `@server(...)` block, shared by its routes. */
export interface RouteGroup {
  /** `group:` (may contain `/`), or null. */
  group: string | null;
  /** `prefix:` normalised to start with `/` and not end with one, or null. */
  prefix: string | null;
  /** `jwt:` config name, or null. */
  jwt: string | null;
  jwtTransition: string | null;
  middleware: string[];
  /** `timeout:` in milliseconds (may be fractional for µs/ns), or null. */
  timeoutMs: number | null;
  maxBytes: number | null;
  signature: boolean;
  sse: boolean;
  /** Every `@server` key with its value (strings unquoted), custom keys included. */
  annotations: Record<string, string>;
  routes: Route[];
}

/** One route, with its group's settings applied. */
export interface Route {
  /** Upper case: GET, POST... */
  method: string;
  /** Full path: prefix joined with the route path (`/api/v1/patient/info/:patientId`). */
  path: string;
  /** Path as written in the route line. */
  routePath: string;
  /** `:name` parameters of the full path, in order. */
  pathParams: string[];
  handler: string;
  request: BodyRef | null;
  response: BodyRef | null;
  doc: RouteDoc | null;
  /** Comment lines above the route's `@doc`/`@handler`/method lines. */
  comments: string[];
  group: string | null;
  prefix: string | null;
  jwt: string | null;
  jwtTransition: string | null;
  middleware: string[];
  timeoutMs: number | null;
  maxBytes: number | null;
  signature: boolean;
  sse: boolean;
  annotations: Record<string, string>;
  pos: SourcePos;
}

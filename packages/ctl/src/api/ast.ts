// Syntax tree of one `.api` file, with positions and attached comments. Shapes follow goctl's
// tools/goctl/pkg/parser/api/ast; comments are grouped per source line so `format` can keep them.
import type { Comment, HttpMethod } from './tokens.js';

/** 1-based line and column (code points). */
export interface Pos {
  line: number;
  col: number;
}

/**
 * Comments of one line-shaped item: `lead` are the comment lines above it, `tail` the comments on
 * its line (for a block opener: the `{`/`(` line).
 */
export interface Comments {
  lead: Comment[];
  tail: Comment[];
}

/** A parsed file. */
export interface ApiFile {
  file: string;
  stmts: Stmt[];
  /** Comments after the last statement. */
  trailing: Comment[];
}

/** A top-level statement. */
export type Stmt = SyntaxStmt | InfoStmt | ImportStmt | TypeStmt | ServiceStmt;

/** `syntax = "v1"`. */
export interface SyntaxStmt {
  kind: 'syntax';
  pos: Pos;
  /** Unquoted value. */
  value: string;
  valuePos: Pos;
  comments: Comments;
}

/** `key: value` inside `info(...)`, `@server(...)` or `@doc(...)`. */
export interface KeyValue {
  key: string;
  keyPos: Pos;
  /** The value as written (strings keep their quotes). */
  raw: string;
  /** Token kind of the value; `PATH` for joined `/a/b-c`, `A,B` or `a-b` values. */
  valueKind: 'STRING' | 'RAW_STRING' | 'IDENT' | 'INT' | 'DURATION' | 'PATH';
  valuePos: Pos;
  comments: Comments;
}

/** `info(...)`: metadata, not used for code generation. */
export interface InfoStmt {
  kind: 'info';
  pos: Pos;
  entries: KeyValue[];
  open: Comments;
  close: Comments;
}

/** One imported path. */
export interface ImportPath {
  /** Unquoted path, relative to the importing file. */
  path: string;
  pos: Pos;
  comments: Comments;
}

/** `import "a.api"` or `import ( "a.api" "b.api" )`. */
export interface ImportStmt {
  kind: 'import';
  pos: Pos;
  grouped: boolean;
  paths: ImportPath[];
  open: Comments;
  close: Comments;
}

/** `type X {...}` or `type ( X {...} Y {...} )`. */
export interface TypeStmt {
  kind: 'type';
  pos: Pos;
  grouped: boolean;
  decls: TypeDecl[];
  open: Comments;
  close: Comments;
}

/** One declared type. */
export interface TypeDecl {
  name: string;
  pos: Pos;
  /** `X = T` form (rejected by the analyzer, like goctl does). */
  alias: boolean;
  type: TypeExpr;
  /** Lead: doc above the name; tail: comments on the name/opening line. */
  comments: Comments;
  /** A blank line preceded it in a group. */
  blankBefore: boolean;
}

/** A type expression. `name` covers basic types, `any` and references to declared types. */
export type TypeExpr =
  | { kind: 'name'; pos: Pos; name: string }
  | { kind: 'interface'; pos: Pos }
  | { kind: 'pointer'; pos: Pos; elem: TypeExpr }
  | { kind: 'slice'; pos: Pos; elem: TypeExpr }
  | { kind: 'array'; pos: Pos; length: string; elem: TypeExpr }
  | { kind: 'map'; pos: Pos; key: TypeExpr; value: TypeExpr }
  | StructExpr;

/** `{ fields }`, possibly written with goctl's legacy `struct` keyword in front. */
export interface StructExpr {
  kind: 'struct';
  pos: Pos;
  fields: FieldDecl[];
  /** Lead: comment lines before `}`; tail: comments after `}` (and after a tag following it). */
  close: Comments;
  legacyKeyword: boolean;
}

/** A field name with its position. */
export interface Name {
  name: string;
  pos: Pos;
}

/** A struct field; no names means an embedded (anonymous) field. */
export interface FieldDecl {
  names: Name[];
  type: TypeExpr;
  /** Raw tag text including the backquotes. */
  tag?: { raw: string; pos: Pos };
  comments: Comments;
  blankBefore: boolean;
  pos: Pos;
}

/** `@server(...)` before a `service` block. */
export interface ServerAnnotation {
  pos: Pos;
  entries: KeyValue[];
  open: Comments;
  close: Comments;
}

/** `@doc "text"` or `@doc ( key: value ... )`. */
export interface AtDoc {
  pos: Pos;
  /** Literal form: the string as written (with quotes). */
  text?: string;
  /** Group form. */
  entries?: KeyValue[];
  open: Comments;
  close: Comments;
}

/** `(Body)` of a route: `T`, `*T`, `[]T` or `[]*T`. */
export interface BodyType {
  pos: Pos;
  name: string;
  namePos: Pos;
  slice: boolean;
  pointer: boolean;
}

/** `method /path (Req) returns (Resp)`. */
export interface RouteDecl {
  method: HttpMethod;
  pos: Pos;
  path: string;
  pathPos: Pos;
  request?: BodyType;
  response?: BodyType;
  comments: Comments;
}

/** One route entry of a service block. */
export interface RouteItem {
  doc?: AtDoc;
  handler: Name & { comments: Comments };
  route: RouteDecl;
  pos: Pos;
}

/** `[@server(...)] service name { routes }`. */
export interface ServiceStmt {
  kind: 'service';
  pos: Pos;
  server?: ServerAnnotation;
  name: string;
  namePos: Pos;
  items: RouteItem[];
  open: Comments;
  close: Comments;
}

/** An empty comment set. */
export function noComments(): Comments {
  return { lead: [], tail: [] };
}

// Token kinds and word lists of the `.api` language, after go-zero's
// tools/goctl/pkg/parser/api/token/token.go (the hand-written parser goctl >= 1.5 uses).

/** Kind of a lexical token. Operator kinds are their own text. */
export type TokenKind =
  | 'IDENT'
  | 'INT'
  | 'DURATION'
  | 'STRING'
  | 'RAW_STRING'
  | 'ILLEGAL'
  | 'EOF'
  | '-'
  | '*'
  | '/'
  | '='
  | '('
  | ')'
  | '['
  | ']'
  | '{'
  | '}'
  | ','
  | '.'
  | ';'
  | ':'
  | '...'
  | '@doc'
  | '@handler'
  | '@server'
  | 'interface{}';

/** A `//` or `/* *\/` comment; kept so that docs survive into the model and `format`. */
export interface Comment {
  text: string;
  line: number;
  col: number;
  endLine: number;
}

/** A token with its 1-based position (columns count Unicode code points, as goctl counts runes). */
export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  col: number;
  /** Position just after the token's last character. */
  endLine: number;
  endCol: number;
  /** Comments on the lines before this token (after the previous token's line). */
  head: Comment[];
  /** Comments after this token on the line where it ends. */
  tail: Comment[];
}

/** Go keywords: reserved, never a type or field name (goctl `curTokenIsKeyword`). */
export const GO_KEYWORDS: ReadonlySet<string> = new Set([
  'break',
  'case',
  'chan',
  'const',
  'continue',
  'default',
  'defer',
  'else',
  'fallthrough',
  'for',
  'func',
  'go',
  'goto',
  'if',
  'import',
  'interface',
  'map',
  'package',
  'range',
  'return',
  'select',
  'struct',
  'switch',
  'type',
  'var',
]);

/** Go basic types accepted by goctl's analyzer (`kind` map in parser/analyzer.go). */
export const BASIC_TYPES: ReadonlySet<string> = new Set([
  'bool',
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
  'float32',
  'float64',
  'complex64',
  'complex128',
  'string',
  'byte',
  'rune',
  'any',
]);

/** Route methods, lower case only, in goctl's order. */
export const HTTP_METHODS = [
  'get',
  'head',
  'post',
  'put',
  'patch',
  'delete',
  'connect',
  'options',
  'trace',
] as const;

/** One of {@link HTTP_METHODS}. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** True when `text` is a route method word. */
export function isHttpMethod(text: string): text is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(text);
}

/** How a token is named in "expected X, got Y" messages. */
export function describeToken(tok: Token): string {
  switch (tok.kind) {
    case 'EOF':
      return 'EOF';
    case 'IDENT':
    case 'INT':
    case 'DURATION':
    case 'ILLEGAL':
      return `'${tok.text}'`;
    case 'STRING':
    case 'RAW_STRING':
      return tok.kind;
    default:
      return `'${tok.kind}'`;
  }
}

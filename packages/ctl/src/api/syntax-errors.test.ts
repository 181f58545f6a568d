// Syntax errors: each invalid input stops at the first error, reported at the exact line:col
// goctl's parser uses (the unexpected token, or just after the last token at a premature end).
// Many inputs come from goctl's parser_test.go invalid lists.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './diagnostics.js';
import { parseApiSource } from './parser.js';

// [source, 'line:col', message after "syntax error: "]
const CASES: [string, string, string][] = [
  [
    'foo bar',
    '1:1',
    "expected 'syntax' | 'info' | 'import' | 'type' | 'service' | '@server', got 'foo'",
  ],
  ['@', '1:1', "expected 'syntax' | 'info' | 'import' | 'type' | 'service' | '@server', got '@'"],
  ['syntax', '1:7', "expected '=', got EOF"],
  ['syntax = ', '1:9', "expected 'STRING', got EOF"],
  ["syntax = ''", '1:10', "expected 'STRING', got '''"],
  ['syntax = @', '1:10', "expected 'STRING', got '@'"],
  ['syntax = "v1', '1:13', "unterminated string: expected '\"', got EOF"],
  ['syntax == "v"', '1:9', "expected 'STRING', got '='"],
  ['info', '1:5', "expected '(', got EOF"],
  ['info(', '1:6', "expected ')', got EOF"],
  ['info{', '1:5', "expected '(', got '{'"],
  ['info(}', '1:6', "expected 'IDENT', got '}'"],
  ['info( foo', '1:10', "expected ':', got EOF"],
  ['info( foo:', '1:11', "expected 'STRING' | 'RAW_STRING' | 'IDENT', got EOF"],
  ['info( foo:""', '1:13', "expected ')' | 'IDENT', got EOF"],
  ['info( foo:"" bar', '1:17', "expected ':', got EOF"],
  ['info( foo:"" bar:', '1:18', "expected 'STRING' | 'RAW_STRING' | 'IDENT', got EOF"],
  ['info( foo:"', '1:12', "unterminated string: expected '\"', got EOF"],
  ['info foo:""', '1:6', "expected '(', got 'foo'"],
  ['info( foo,""', '1:10', "expected ':', got ','"],
  ['info( foo-bar:"")', '1:10', "expected ':', got '-'"],
  ['info(123:"")', '1:6', "expected 'IDENT', got '123'"],
  ['import', '1:7', "expected '(' | 'STRING', got EOF"],
  ['import "', '1:9', "unterminated string: expected '\"', got EOF"],
  ['import "foo', '1:12', "unterminated string: expected '\"', got EOF"],
  ['import foo', '1:8', "expected '(' | 'STRING', got 'foo'"],
  ['import @', '1:8', "expected '(' | 'STRING', got '@'"],
  ['import $', '1:8', "expected '(' | 'STRING', got '$'"],
  ['import \u597d', '1:8', "expected '(' | 'STRING', got '\u597d'"],
  ['import (', '1:9', "expected ')', got EOF"],
  ['import {', '1:8', "expected '(' | 'STRING', got '{'"],
  ['import ( "" foo)', '1:13', "expected ')' | 'STRING', got 'foo'"],
  ['@server', '1:8', "expected '(', got EOF"],
  ['@server{', '1:8', "expected '(', got '{'"],
  ['@server(', '1:9', "expected ')', got EOF"],
  ['@server( foo', '1:13', "expected ':', got EOF"],
  ['@server( foo:', '1:14', "expected '/' | 'DURATION' | 'IDENT' | 'INT' | 'STRING', got EOF"],
  ['@server( foo:bar bar', '1:21', "expected ':', got EOF"],
  ['@server( foo:bar bar,', '1:21', "expected ':', got ','"],
  ['@server("":foo)', '1:9', "expected 'IDENT', got STRING"],
  ['@server(foo:bar,baz)', '1:21', "expected 'service', got EOF"],
  ['@server(foo:/', '1:14', "expected 'IDENT', got EOF"],
  ['@server(foo:/v1/', '1:17', "expected 'IDENT', got EOF"],
  ['@server(foo: m1,)', '1:17', "expected 'IDENT', got ')'"],
  ['@server(foo: v1/v2-)', '1:20', "expected 'IDENT', got ')'"],
  ['@server(foo:"test")', '1:20', "expected 'service', got EOF"],
  ['type', '1:5', "expected '(' | 'IDENT', got EOF"],
  ['type Foo', '1:9', "expected 'IDENT' | '[' | 'interface{}' | '*' | '{', got EOF"],
  ['type Foo {', '1:11', "expected 'IDENT' | '*' | '}', got EOF"],
  ['type Foo { Bar }', '1:16', "expected ',' | 'IDENT' | '[' | 'interface{}' | '*' | '{', got '}'"],
  [
    'type Foo { Bar string `json:"bar"` `x` }',
    '1:36',
    "expected 'IDENT' | '*' | '}', got RAW_STRING",
  ],
  ['type struct {}', '1:6', "expected 'IDENT', got keyword 'struct'"],
  ['type Foo {\n  type string\n}', '2:3', "expected 'IDENT', got keyword 'type'"],
  ['type Foo {\n  Bar [\n}', '3:1', "expected ']' | 'INT' | '...', got '}'"],
  [
    'type Foo { A map[string] }',
    '1:26',
    "expected 'IDENT' | '[' | 'interface{}' | '*' | '{', got '}'",
  ],
  ['type Foo { A *{} }', '1:15', "expected 'IDENT' | '[' | 'interface{}' | '*', got '{'"],
  ['type (\n  Foo {}\n  123\n)', '3:3', "expected 'IDENT' | ')', got '123'"],
  ['type Foo { A, B }', '1:17', "expected 'IDENT' | '[' | 'interface{}' | '*' | '{', got '}'"],
  ['type Foo interface {}', '1:10', "expected 'IDENT', got keyword 'interface'"],
  ['service', '1:8', "expected 'IDENT', got EOF"],
  ['service foo', '1:12', "expected '{', got EOF"],
  ['service foo-bar {}', '1:13', "expected 'api', got 'bar'"],
  ['service foo {\n  get /foo\n}', '2:3', "expected '@handler' | '}', got 'get'"],
  ['service foo {\n  @handler\n}', '3:1', "expected 'IDENT', got '}'"],
  [
    'service foo {\n  @handler a\n  fetch /a\n}',
    '3:3',
    "expected 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'connect' | 'options' | 'trace', got 'fetch'",
  ],
  ['service foo {\n  @handler a\n  get a\n}', '3:7', "expected '/', got 'a'"],
  [
    'service foo {\n  @handler a\n  get /a b\n}',
    '3:10',
    "expected '/' | '(' | 'returns' | '@doc' | '@handler' | ';' | '}', got 'b'",
  ],
  ['service foo {\n  @handler a\n  get /a/:\n}', '4:1', "expected 'IDENT' | 'INT', got '}'"],
  ['service foo {\n  @handler a\n  get /a (Req\n}', '4:1', "expected ')', got '}'"],
  ['service foo {\n  @handler a\n  get /a ([]Req\n}', '4:1', "expected ')', got '}'"],
  ['service foo {\n  @handler a\n  get /a returns\n}', '4:1', "expected '(', got '}'"],
  [
    'service foo {\n  @handler a\n  get /a (Req) Resp\n}',
    '3:16',
    "expected 'returns' | '@doc' | '@handler' | '}' | ';', got 'Resp'",
  ],
  [
    'service foo {\n  @doc\n  @handler a\n  get /a\n}',
    '3:3',
    "expected '(' | 'STRING', got '@handler'",
  ],
  ['service foo {\n  @doc(k v)\n  @handler a\n  get /a\n}', '2:10', "expected ':', got 'v'"],
  ['service foo {\n  @doc "x"\n}', '3:1', "expected '@handler', got '}'"],
  ['service foo {\n  @handler a\n  get /a-1\n}', '3:10', "expected 'IDENT', got '1'"],
  ['service foo {\n  @handler a\n  get /v1.0\n}', '3:11', "expected 'IDENT', got '0'"],
  [
    'service foo {\n  @handler a\n  get /a\n',
    '3:9',
    "expected '/' | '(' | 'returns' | '@doc' | '@handler' | ';' | '}', got EOF",
  ],
  ['@foo', '1:1', "expected '@doc' | '@handler' | '@server', got '@foo'"],
  ['syntax = "v1"\n/* open', '2:8', "unterminated comment: expected '*/', got EOF"],
  ['type Foo {\n  A int `json:"a"\n}', '3:2', "unterminated string: expected '`', got EOF"],
  [
    '@server(\n  timeout: 3s\n) service foo {\n  @handler a\n  get /a\n}x',
    '6:2',
    "expected 'syntax' | 'info' | 'import' | 'type' | 'service' | '@server', got 'x'",
  ],
];

describe('syntax errors', () => {
  it.each(CASES)('%j fails at %s', (source, where, message) => {
    const r = parseApiSource(source, 't.api');
    expect(r.ast).toBeUndefined();
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    const [e] = errors;
    expect(`${e?.line}:${e?.col}`).toBe(where);
    expect(e?.kind).toBe('syntax');
    expect(formatDiagnostic(e!)).toBe(`t.api:${where}: syntax error: ${message}`);
  });

  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });
});

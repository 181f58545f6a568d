import { describe, expect, it } from 'vitest';
import type { ServiceStmt, StructExpr, TypeStmt } from './ast.js';
import { parseApiSource } from './parser.js';

const parse = (src: string) => {
  const r = parseApiSource(src, 't.api');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ast!;
};

describe('parser', () => {
  it('accepts statements in any order and a file without syntax', () => {
    const ast = parse('type A {}\nservice s {}\ninfo()\nimport ()\nsyntax = "v1"\n');
    expect(ast.stmts.map((s) => s.kind)).toEqual(['type', 'service', 'info', 'import', 'syntax']);
    expect(parse('').stmts).toEqual([]);
  });

  it('decides embedded fields by line breaks and tags, like goctl', () => {
    const ast = parse(
      'type A {\n\tBase\n\tOther `json:"o"`\n\t*Ptr\n\tName\n\tstring\n\tX, Y int\n}',
    );
    const st = (ast.stmts[0] as TypeStmt).decls[0]!.type as StructExpr;
    expect(st.fields.map((f) => [f.names.map((n) => n.name).join(','), f.type.kind])).toEqual([
      ['', 'name'],
      ['', 'name'],
      ['', 'pointer'],
      ['', 'name'],
      ['', 'name'],
      ['X,Y', 'name'],
    ]);
    expect(st.fields[1]?.tag?.raw).toBe('`json:"o"`');
  });

  it('reads type groups, aliases, arrays, maps, pointers and interface{}', () => {
    const ast = parse('type (\n\tA = B\n\tC [2]*map[string][]interface{}\n\tD *[...]int\n)');
    const decls = (ast.stmts[0] as TypeStmt).decls;
    expect(decls.map((d) => [d.name, d.alias])).toEqual([
      ['A', true],
      ['C', false],
      ['D', false],
    ]);
    expect(decls[1]?.type).toMatchObject({
      kind: 'array',
      length: '2',
      elem: {
        kind: 'pointer',
        elem: { kind: 'map', value: { kind: 'slice', elem: { kind: 'interface' } } },
      },
    });
  });

  it('reads service names with -api, routes with ; and every body shape', () => {
    const ast = parse(
      'service user-api {\n\t@handler a\n\tget /a;\n\t@handler b\n\tpost /b () returns ();\n' +
        '\t@handler c\n\tput /c (*R) returns ([]*S)\n\t@handler d\n\tpatch /d returns (*S);\n}',
    );
    const svc = ast.stmts[0] as ServiceStmt;
    expect(svc.name).toBe('user-api');
    expect(
      svc.items.map((i) => [i.route.method, i.route.path, !!i.route.request, !!i.route.response]),
    ).toEqual([
      ['get', '/a', false, false],
      ['post', '/b', false, false],
      ['put', '/c', true, true],
      ['patch', '/d', false, true],
    ]);
    expect(svc.items[2]?.route.request).toMatchObject({ pointer: true, slice: false, name: 'R' });
    expect(svc.items[2]?.route.response).toMatchObject({ pointer: true, slice: true, name: 'S' });
  });

  it('joins path pieces: - . :param digits', () => {
    const ast = parse('service s {\n\t@handler a\n\tget /v1/a-b/:id/c.html/123/x_y-z\n}');
    expect((ast.stmts[0] as ServiceStmt).items[0]?.route).toMatchObject({
      path: '/v1/a-b/:id/c.html/123/x_y-z',
      pathPos: { line: 3, col: 6 },
    });
  });

  it('attaches comments to the items they document', () => {
    const ast = parse(
      '// doc of A\ntype A { // opens A\n\t// doc of F\n\tF int // about F\n} // closes A\n' +
        '@server(\n\t// doc of jwt\n\tjwt: Auth // why\n)\nservice s {\n\t// about h\n\t@doc "x"\n\t@handler h // h tail\n\tget /h // route tail\n}\n// end\n',
    );
    const decl = (ast.stmts[0] as TypeStmt).decls[0]!;
    const text = (cs: { text: string }[]) => cs.map((c) => c.text);
    expect(text(decl.comments.lead)).toEqual(['// doc of A']);
    expect(text(decl.comments.tail)).toEqual(['// opens A']);
    const st = decl.type as StructExpr;
    expect(text(st.fields[0]!.comments.lead)).toEqual(['// doc of F']);
    expect(text(st.fields[0]!.comments.tail)).toEqual(['// about F']);
    expect(text(st.close.tail)).toEqual(['// closes A']);
    const svc = ast.stmts[1] as ServiceStmt;
    expect(text(svc.server!.entries[0]!.comments.lead)).toEqual(['// doc of jwt']);
    expect(text(svc.server!.entries[0]!.comments.tail)).toEqual(['// why']);
    const item = svc.items[0]!;
    expect(text(item.doc!.open.lead)).toEqual(['// about h']);
    expect(text(item.handler.comments.tail)).toEqual(['// h tail']);
    expect(text(item.route.comments.tail)).toEqual(['// route tail']);
    expect(text(ast.trailing)).toEqual(['// end']);
  });

  it('parses @doc in both forms and @server values of every kind', () => {
    const ast = parse(
      '@server(a: /x/y-z b: 3s c: 10 d: "s" e: A, B f: a-b-c g: v1/v2)\nservice s {\n' +
        '\t@doc(summary: "x" k: `raw` i: ident)\n\t@handler h\n\tget /\n}',
    );
    const svc = ast.stmts[0] as ServiceStmt;
    expect(svc.server!.entries.map((e) => [e.key, e.raw, e.valueKind])).toEqual([
      ['a', '/x/y-z', 'PATH'],
      ['b', '3s', 'DURATION'],
      ['c', '10', 'INT'],
      ['d', '"s"', 'STRING'],
      ['e', 'A,B', 'PATH'],
      ['f', 'a-b-c', 'PATH'],
      ['g', 'v1/v2', 'PATH'],
    ]);
    expect(svc.items[0]!.doc!.entries!.map((e) => e.raw)).toEqual(['"x"', '`raw`', 'ident']);
  });
});

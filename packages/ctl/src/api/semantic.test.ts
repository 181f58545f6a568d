// Semantic checks after parsing, and import loading (relative paths, read-once, cycles).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from './diagnostics.js';
import { loadApi } from './load.js';

const errorsOf = async (source: string) => {
  const r = await loadApi('t.api', async () => source);
  return r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
};

describe('semantic checks', () => {
  it.each([
    ['type A {}\ntype A {}', 't.api:2:6: duplicate type <A> (first declared at t.api:1:6)'],
    ['type A int', 't.api:1:6: type <A> must be a struct, got <int>'],
    ['type A = B\ntype B {}', 't.api:1:6: type <A> must be a struct, got <B>'],
    ['type A { B C }', 't.api:1:12: unresolved type <C>'],
    ['type A { B map[A]int }', 't.api:1:12: map key must be a basic type, got <A>'],
    ['type A { B map[string]{\n C int\n} }', 't.api:1:12: map value unsupported nested struct'],
    ['type A { B []{\n C int\n} }', 't.api:1:12: slice elements unsupported nested struct'],
    ['type A { B [2]{\n C int\n} }', 't.api:1:12: array elements unsupported nested struct'],
    ['type A { B [...]int }', 't.api:1:12: array length unsupported dynamic length [...]'],
    ['type A { B any }', 't.api:1:12: unsupported any type (use interface{})'],
    ['type A { B {} }', 't.api:1:12: unsupported empty struct'],
    ['type A {\n X\n}', 't.api:2:2: unresolved type <X>'],
    ['service a {\n @handler h\n get /a (R)\n}', 't.api:3:10: unresolved type <R>'],
    [
      'type R {}\nservice a {\n @handler h\n get /a ([]R)\n}',
      't.api:4:10: request body must be struct, got <[]R>',
    ],
    [
      'service a {\n @handler h\n get /a\n}\nservice b {\n @handler g\n get /b\n}',
      't.api:5:9: multiple service names: <b> and <a>',
    ],
    [
      '@server(group: g)\nservice a {\n @handler h\n get /a\n @handler h\n get /b\n}',
      't.api:5:11: duplicate handler <h> in group <g>',
    ],
    [
      '@server(prefix: v1)\nservice a {\n @handler h\n get /a\n}\n@server(prefix: /v1)\nservice a {\n @handler g\n get /a\n}',
      't.api:9:2: duplicate route <GET /v1/a>',
    ],
    [
      '@server(timeout: 3000)\nservice a {\n @handler h\n get /a\n}',
      't.api:1:18: timeout <3000> is not a positive Go duration (e.g. 3s, 500ms)',
    ],
    ['@server(maxBytes: "1k")\nservice a {}', 't.api:1:19: maxBytes <1k> is not an integer'],
    [
      '@server(sse: true)\nservice a {\n @handler h\n get /a\n}',
      't.api:4:6: missing response type (sse routes must return a type)',
    ],
    ['syntax = "v1"\nsyntax = "v1"', 't.api:2:1: duplicate syntax statement'],
    ['info(a: "1")\ninfo(a: "2")', 't.api:2:1: duplicate info statement'],
    ['info(a: "1" a: "2")', 't.api:1:13: duplicate info key <a>'],
  ])('%j → %s', async (source, expected) => {
    expect((await errorsOf(source))[0]).toBe(expected);
  });

  it('reports every semantic error, sorted by position, with kind semantic', async () => {
    const r = await loadApi('t.api', async () => 'type A { B C\n D any }\ntype A {}');
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}:${d.kind}`)).toEqual([
      '1:12:semantic',
      '2:4:semantic',
      '3:6:semantic',
    ]);
  });

  it('allows the same handler in different groups and the same path under different prefixes', async () => {
    const src =
      '@server(group: a\n prefix: /a)\nservice s {\n @handler h\n get /x\n}\n' +
      '@server(group: b\n prefix: /b)\nservice s {\n @handler h\n get /x\n}';
    expect(await errorsOf(src)).toEqual([]);
  });

  it('warns about bad tag options and base-type requests without failing', async () => {
    const r = await loadApi(
      't.api',
      async () =>
        'type A { N int `form:"n,range=[5:1]"` }\nservice s {\n @handler h\n post /a (string) returns (A)\n}',
    );
    expect(r.spec).toBeDefined();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      't.api:1:16: warning: range "[5:1]": lower bound is above upper bound',
      't.api:4:11: warning: request body should be a struct, got <string>',
    ]);
  });
});

describe('imports', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-ctl-imports-'));
    await mkdir(join(dir, 'base'));
    const files: Record<string, string> = {
      'main.api':
        'syntax = "v1"\nimport "base/a.api"\nimport (\n\t"base/b.api"\n)\nservice m-api {\n @handler h\n get /m (A) returns (B)\n}\n',
      'base/a.api': 'syntax = "v1"\nimport "shared.api"\ntype A { S Shared `json:"s"` }\n',
      'base/b.api': 'import "./shared.api"\ntype B {}\nservice m-api {\n @handler g\n get /b\n}\n',
      'base/shared.api': 'info(title: "ignored")\ntype Shared {}\n',
      'cycle1.api': 'import "cycle2.api"\n',
      'cycle2.api': 'type X {}\nimport "cycle1.api"\n',
      'self.api': 'import "self.api"\n',
      'missing.api': 'import "nope.api"\n',
      'v2.api': 'syntax = "v2"\n',
      'mixed.api': 'import "v2.api"\n',
      'dup.api': 'import "base/shared.api"\nimport "base/shared.api"\n',
      'duptype.api': 'import "base/shared.api"\ntype Shared {}\n',
      'bad.api': 'import "broken.api"\n',
      'broken.api': 'type {\n',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('merges imported types and services, reading a shared file once', async () => {
    const reads: string[] = [];
    const { readFile } = await import('node:fs/promises');
    const r = await loadApi(join(dir, 'main.api'), async (p) => {
      reads.push(p);
      return readFile(p, 'utf8');
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.types.map((t) => t.name)).toEqual(['A', 'Shared', 'B']);
    expect(r.spec?.routes.map((x) => x.path)).toEqual(['/m', '/b']);
    expect(r.spec?.info).toEqual({});
    expect(reads.filter((p) => p.endsWith('shared.api'))).toHaveLength(1);
    expect(r.spec?.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'main.api',
      'base/a.api',
      'base/shared.api',
      'base/b.api',
    ]);
  });

  it.each([
    ['cycle1.api', 'cycle2.api:2:8: import cycle not allowed: "cycle1.api"'],
    ['self.api', 'self.api:1:8: import cycle not allowed: "self.api"'],
    ['missing.api', 'missing.api:1:8: cannot read imported file "nope.api" (ENOENT)'],
    ['mixed.api', 'v2.api:1:10: syntax "v2" differs from the root file\'s "v1"'],
    ['dup.api', 'dup.api:2:8: duplicate import "base/shared.api"'],
    ['duptype.api', 'base/shared.api:2:6: duplicate type <Shared> (first declared at'],
    ['bad.api', 'broken.api:1:6: syntax error: expected'],
  ])('%s fails with %s', async (file, expected) => {
    const r = await loadApi(join(dir, file));
    expect(r.spec).toBeUndefined();
    const first = r.diagnostics.find((d) => d.severity === 'error');
    expect(formatDiagnostic(first!).slice(dir.length + 1)).toContain(expected);
  });
});

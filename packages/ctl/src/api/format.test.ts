import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatApi } from './format.js';

const GOZERO_FORMAT = fileURLToPath(
  new URL('../../test/fixtures/go-zero/format/testdata/', import.meta.url),
);
const leadingTabs = (text: string) =>
  text.replace(/^( {4})+/gm, (m) => '\t'.repeat(m.length / 4)).trimEnd() + '\n';

describe('formatApi', () => {
  it("lays out goctl's service test input exactly like goctl's expected output", () => {
    const input = readFileSync(`${GOZERO_FORMAT}test_service.api`, 'utf8');
    const expected = leadingTabs(readFileSync(`${GOZERO_FORMAT}expected_service.api`, 'utf8'));
    expect(formatApi(input).output).toBe(expected);
  });

  it('produces the canonical layout', () => {
    const input = [
      '// header',
      '',
      'syntax="v1"',
      'import "a.api"',
      'import "b.api"',
      'info(title:"T" version: "1")',
      'type Req struct{',
      '  // the id',
      '  Id int64 `path:"id"`',
      '  LongName,Other string `json:"x"` // why',
      '',
      '  Base',
      '  Sub {',
      '  A int',
      '  } `json:"sub"`',
      '}',
      'type(',
      'A{}',
      'B{X []*A}',
      ')',
      '@server(prefix:/v1 group:g',
      '  timeout:3s)',
      'service s-api{',
      '@doc "d"',
      '@handler h',
      'get /a/:id(Req)returns([]*A);',
      '@handler k',
      'post /b returns (B)',
      '}',
      '// the end',
    ].join('\n');
    expect(formatApi(input).output).toBe(
      [
        '// header',
        '',
        'syntax = "v1"',
        '',
        'import "a.api"',
        'import "b.api"',
        '',
        'info (',
        '\ttitle:   "T"',
        '\tversion: "1"',
        ')',
        '',
        'type Req {',
        '\t// the id',
        '\tId              int64  `path:"id"`',
        '\tLongName, Other string `json:"x"` // why',
        '',
        '\tBase',
        '\tSub {',
        '\t\tA int',
        '\t} `json:"sub"`',
        '}',
        '',
        'type (',
        '\tA {}',
        '\tB {',
        '\t\tX []*A',
        '\t}',
        ')',
        '',
        '@server (',
        '\tprefix:  /v1',
        '\tgroup:   g',
        '\ttimeout: 3s',
        ')',
        'service s-api {',
        '\t@doc "d"',
        '\t@handler h',
        '\tget /a/:id (Req) returns ([]*A)',
        '',
        '\t@handler k',
        '\tpost /b returns (B)',
        '}',
        '',
        '// the end',
        '',
      ].join('\n'),
    );
  });

  it('keeps every comment, moving mid-line ones to the end of their line', () => {
    const input =
      'syntax /*a*/ = "v1" // b\n/* c */\ntype /*d*/ T { // e\n\tA int /*f*/ `json:"a"` // g\n\t// h\n} // i\n// j\n';
    const out = formatApi(input).output ?? '';
    for (const c of [
      '/*a*/',
      '// b',
      '/* c */',
      '/*d*/',
      '// e',
      '/*f*/',
      '// g',
      '// h',
      '// i',
      '// j',
    ]) {
      expect(out).toContain(c);
    }
    expect(out).toBe(
      'syntax = "v1" /*a*/ // b\n\n/* c */\ntype T { /*d*/ // e\n\tA int `json:"a"` /*f*/ // g\n\t// h\n} // i\n\n// j\n',
    );
    expect(formatApi(out).output).toBe(out);
  });

  it('drops an empty @server() and the legacy struct keyword, keeps empty doc strings', () => {
    const out = formatApi(
      '@server()\nservice a {\n@doc ""\n@handler h\nget /\n}\ntype X struct {}\n',
    );
    expect(out.output).toBe('service a {\n\t@doc ""\n\t@handler h\n\tget /\n}\n\ntype X {}\n');
  });

  it('returns the syntax error and no output for invalid text', () => {
    const r = formatApi('type Foo {', 'x.api');
    expect(r.output).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ file: 'x.api', line: 1, col: 11, kind: 'syntax' });
  });
});

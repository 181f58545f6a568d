import { describe, expect, it } from 'vitest';
import { scan } from './scanner.js';

const kinds = (src: string) => scan(src, 't.api').tokens.map((t) => `${t.kind}:${t.text}`);

describe('scanner', () => {
  it('scans durations the way goctl does', () => {
    for (const d of ['1h', '10m', '10s', '10ms', '10µs', '10ns', '1h10m10s10ms10µs10ns', '1m30s']) {
      expect(kinds(d)).toEqual([`DURATION:${d}`, 'EOF:']);
    }
    expect(kinds('1024')).toEqual(['INT:1024', 'EOF:']);
    // a smaller unit must follow digits after a unit; anything else is an illegal character
    expect(kinds('1s1h')[0]).toBe('ILLEGAL:h');
    expect(kinds('5min')).toEqual(['DURATION:5m', 'IDENT:in', 'EOF:']);
  });

  it('keeps `-` and `.` as separate tokens and joins interface{} only without a space', () => {
    expect(kinds('a-b.c ...')).toEqual([
      'IDENT:a',
      '-:-',
      'IDENT:b',
      '.:.',
      'IDENT:c',
      '...:...',
      'EOF:',
    ]);
    expect(kinds('interface{}')).toEqual(['interface{}:interface{}', 'EOF:']);
    expect(kinds('interface {}')).toEqual(['IDENT:interface', '{:{', '}:}', 'EOF:']);
  });

  it('reads strings without escapes and raw strings across lines', () => {
    expect(kinds('"a\\" b')).toEqual(['STRING:"a\\"', 'IDENT:b', 'EOF:']);
    const r = scan('`json:"a"\nx`', 't.api');
    expect(r.tokens[0]).toMatchObject({ kind: 'RAW_STRING', line: 1, col: 1, endLine: 2 });
  });

  it('attaches comments on the same line as tail and others as head of the next token', () => {
    const r = scan('a // tail\n/* head */\nb /* t2 */ /* t3 */\n// end', 't.api');
    const [a, b] = r.tokens;
    expect(a?.tail.map((c) => c.text)).toEqual(['// tail']);
    expect(b?.head.map((c) => c.text)).toEqual(['/* head */']);
    expect(b?.tail.map((c) => c.text)).toEqual(['/* t2 */', '/* t3 */']);
    expect(r.trailing.map((c) => c.text)).toEqual(['// end']);
  });

  it('drops the carriage return of CRLF line comments', () => {
    const r = scan('a // x\r\nb', 't.api');
    expect(r.tokens[0]?.tail[0]?.text).toBe('// x');
    expect(r.tokens[1]).toMatchObject({ kind: 'IDENT', line: 2, col: 1 });
  });

  it('counts columns in code points', () => {
    const r = scan('// 好好\n  µ', 't.api');
    expect(r.tokens[0]).toMatchObject({ kind: 'ILLEGAL', line: 2, col: 3 });
    const r2 = scan('"好" x', 't.api');
    expect(r2.tokens[1]).toMatchObject({ kind: 'IDENT', col: 5 });
  });

  it('reports unterminated strings, comments and unknown @words', () => {
    expect(scan('syntax = "v1', 't.api').error).toMatchObject({ line: 1, col: 13 });
    expect(scan('a /* x\n y', 't.api').error).toMatchObject({ line: 2, col: 3 });
    expect(scan('  @foo', 't.api').error).toMatchObject({
      line: 1,
      col: 3,
      message: "syntax error: expected '@doc' | '@handler' | '@server', got '@foo'",
    });
    expect(kinds('@')).toEqual(['ILLEGAL:@', 'EOF:']);
  });
});

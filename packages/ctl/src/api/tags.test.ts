import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './duration.js';
import { parseRange, parseTag, splitSegments } from './tags.js';

describe('parseTag', () => {
  it('reads several keys and go-zero options', () => {
    const t = parseTag(
      '`json:"name,optional=!other,default=bob" form:"n,options=a|b" header:"X-Id"`',
    );
    expect(t.problems).toEqual([]);
    expect(t.entries.json).toEqual({
      name: 'name',
      raw: 'name,optional=!other,default=bob',
      optional: true,
      optionalDep: '!other',
      default: 'bob',
    });
    expect(t.entries.form?.options).toEqual(['a', 'b']);
    expect(t.entries.header?.name).toBe('X-Id');
  });

  it('groups options=[a,b] and range brackets, keeps unknown options', () => {
    const t = parseTag(
      'json:"v,options=[x,y z],range=[1:5),string,inherit,env=E,example=3,foo=bar,omitempty"',
    );
    expect(t.entries.json).toMatchObject({
      options: ['x', 'y z'],
      range: { min: 1, max: 5, minInclusive: true, maxInclusive: false },
      string: true,
      inherit: true,
      env: 'E',
      example: '3',
      extra: ['foo=bar'],
      omitempty: true,
    });
  });

  it('handles escapes in values and empty names', () => {
    expect(parseTag('json:"a\\"b"').entries.json?.name).toBe('a"b');
    expect(parseTag('json:",inline"').entries.json).toMatchObject({ name: '', extra: ['inline'] });
  });

  it('reports malformed tags and options', () => {
    expect(parseTag('json:name').problems).toEqual(['malformed struct tag near "json:name"']);
    expect(parseTag('json:"a').problems).toEqual(['unterminated value of struct tag key "json"']);
    expect(parseTag('json:"a" json:"b"').problems).toEqual(['duplicate struct tag key "json"']);
    expect(parseTag('json:"a,default=x=y"').problems).toEqual([
      'option "default=x=y" has more than one "="',
    ]);
  });

  it('splits segments like go-zero parseSegments', () => {
    expect(splitSegments('a, b ,[c,d],(e,f),g\\,h')).toEqual(['a', 'b', '[c,d]', '(e,f)', 'g,h']);
  });
});

describe('parseRange', () => {
  it.each([
    ['[1:10]', { min: 1, max: 10, minInclusive: true, maxInclusive: true }],
    ['(0:1]', { min: 0, max: 1, minInclusive: false, maxInclusive: true }],
    ['[:5)', { max: 5, minInclusive: true, maxInclusive: false }],
    ['(1.5:]', { min: 1.5, minInclusive: false, maxInclusive: true }],
    ['[2:2]', { min: 2, max: 2, minInclusive: true, maxInclusive: true }],
  ])('%s', (text, expected) => {
    expect(parseRange(text)).toEqual(expected);
  });

  it.each(['1:2', '[1:2', '[:]', '[2:1]', '(2:2]', '[a:1]', '[1:2:3]'])('rejects %s', (text) => {
    expect(typeof parseRange(text)).toBe('string');
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['3s', 3000],
    ['100ms', 100],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['10µs', 0.01],
    ['10us', 0.01],
    ['500ns', 0.0005],
    ['0', 0],
  ])('%s = %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '3', 's', '3x', '1h-1m', '.s'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

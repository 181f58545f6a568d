import { describe, expect, it } from 'vitest';
import { cloneJson } from './clone-json.js';

describe('cloneJson', () => {
  it('copies what JSON.parse produces, deeply, equal in value and shape', () => {
    const text = JSON.stringify({
      id: 'P-S01-001',
      name: '张伟',
      n: 1.5,
      ok: true,
      none: null,
      tags: ['a', { b: [1, 2] }],
      nested: { deeper: { x: 'y' } },
    });
    const parsed: unknown = JSON.parse(text);
    const copy = cloneJson(parsed);
    expect(copy).toEqual(parsed);
    expect(JSON.stringify(copy)).toBe(text); // same key order
    const p = parsed as { tags: [string, { b: number[] }]; nested: { deeper: object } };
    const c = copy as typeof p;
    expect(c.tags).not.toBe(p.tags);
    expect(c.tags[1]).not.toBe(p.tags[1]);
    expect(c.nested.deeper).not.toBe(p.nested.deeper);
  });

  it('a change to the copy never reaches the original', () => {
    const original = JSON.parse('{"list":[{"v":1}],"o":{"v":1}}') as {
      list: { v: number }[];
      o: { v: number };
    };
    const copy = cloneJson(original);
    copy.list[0]!.v = 2;
    copy.list.push({ v: 3 });
    copy.o.v = 2;
    expect(original).toEqual({ list: [{ v: 1 }], o: { v: 1 } });
  });

  it('keeps a "__proto__" field a field, as JSON.parse does, without touching the prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns primitives as they are', () => {
    for (const v of ['s', 0, -1.25, true, false, null]) expect(cloneJson(v)).toBe(v);
  });
});

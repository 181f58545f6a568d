import { describe, expect, it } from 'vitest';
import { findUnstorableText } from './unstorable-text.js';

describe('findUnstorableText', () => {
  it('accepts any well-formed text, including astral characters and other control characters', () => {
    expect(findUnstorableText({ name: '张三 😀 José\t\n', tags: ['a', 'b'], n: 1 }, 'body')).toBe(
      undefined,
    );
    expect(findUnstorableText('\ud83d\ude00', 'params.id')).toBe(undefined);
    expect(findUnstorableText({ blob: Buffer.from([0, 0xd8]) }, 'request')).toBe(undefined);
  });

  it('names the first field holding a NUL or a lone surrogate', () => {
    expect(findUnstorableText({ name: 'X\u0000Y' }, 'body')).toBe('body.name');
    expect(findUnstorableText({ a: 'ok', b: '\ud800abc' }, 'body')).toBe('body.b');
    expect(findUnstorableText({ a: 'x\udc00' }, 'body')).toBe('body.a');
    expect(findUnstorableText({ a: '\ude00\ud83d' }, 'body')).toBe('body.a');
    expect(findUnstorableText({ patients: [{ name: 'ok' }, { name: '\ud800' }] }, 'body')).toBe(
      'body.patients[1].name',
    );
    expect(findUnstorableText({ 'k\u0000': 1 }, 'body')).toBe('body.k\u0000');
    expect(findUnstorableText('\u0000', 'params.patientId')).toBe('params.patientId');
  });
});

import { describe, expect, it } from 'vitest';
import { LineSplitter, LogTail } from './log-tail.js';

describe('LogTail', () => {
  it('gives the last lines across chunk boundaries, the unterminated one included', () => {
    const tail = new LogTail(3);
    tail.push('one\ntw');
    tail.push('o\nthree\n\nfour');
    expect(tail.last()).toEqual(['two', 'three', 'four']);
  });

  it('keeps a bounded amount of output and never shows a line cut at the front', () => {
    const tail = new LogTail(100, 50);
    for (let i = 0; i < 1000; i++)
      tail.push(`line-${String(i).padStart(4, '0')}-${'x'.repeat(20)}\n`);
    const last = tail.last();
    expect(last.length).toBeLessThanOrEqual(3);
    expect(last.at(-1)).toBe(`line-0999-${'x'.repeat(20)}`);
    for (const line of last) expect(line).toMatch(/^line-\d{4}-x{20}$/);
  });
});

describe('LineSplitter', () => {
  it('yields whole lines only, holding a partial one for the next chunk', () => {
    const lines = new LineSplitter();
    expect(lines.push('a\nb')).toEqual(['a']);
    expect(lines.push('c\n\nd\n')).toEqual(['bc', 'd']);
  });
});

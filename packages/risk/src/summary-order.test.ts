import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderedHighBits, radixSortByUint32 } from './math/radix-order.js';
import { summaryOrder } from './summary-order.js';

/** The definition, as a comparator (the reference the radix implementation must match). */
function reference(metric: number[], score: number[], flag: number[], ids: string[]): number[] {
  const rank = (f: number): number =>
    Number.isNaN(f) ? Infinity : -2 * Math.abs(f) + (f < 0 ? 1 : 0);
  const key = (x: number): number => (Number.isNaN(x) ? Infinity : x);
  return metric
    .map((_, i) => i)
    .sort(
      (a, b) =>
        rank(flag[a]!) - rank(flag[b]!) ||
        key(-Math.abs(metric[a]!)) - key(-Math.abs(metric[b]!)) ||
        (key(score[a]!) === key(score[b]!) ? 0 : key(score[a]!) < key(score[b]!) ? -1 : 1) ||
        (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0),
    );
}

describe('summaryOrder', () => {
  it('orders flags 2, -2, 1, -1, 0, NA, then |metric| descending, then score, then id', () => {
    const order = summaryOrder(
      Float64Array.of(0.1, 0.5, 0.2, 0.3, 0.9, 0.4, 0.2),
      Float64Array.of(0, 3, -2.5, 2.2, NaN, -3.1, -0.5),
      Float64Array.of(0, 2, -1, 1, NaN, -2, 0),
      ['g', 'f', 'e', 'd', 'c', 'b', 'a'],
    );
    expect([...order]).toEqual([1, 5, 3, 2, 6, 0, 4]);
  });

  it('matches the comparator definition on random data with ties, NaN and -0', () => {
    const value = fc.oneof(
      fc.constantFrom(0, -0, 0.5, NaN, -1, 1e-300),
      fc.double({ noNaN: false }),
    );
    const flagArb = fc.oneof(
      fc.constantFrom(-2, -1, 0, 1, 2, NaN),
      fc.integer({ min: -5, max: 5 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, flagArb, fc.constantFrom('a', 'b', 'c', 'A', '0', 'ab')), {
          maxLength: 80,
        }),
        (rows) => {
          const metric = rows.map((r) => r[0]);
          const score = rows.map((r) => r[1]);
          const flag = rows.map((r) => r[2]);
          const ids = rows.map((r) => r[3]);
          const got = summaryOrder(
            Float64Array.from(metric),
            Float64Array.from(score),
            Float64Array.from(flag),
            ids,
          );
          expect([...got]).toEqual(reference(metric, score, flag, ids));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('radixSortByUint32 and orderedHighBits', () => {
  it('sort stably by the key and keep the order of doubles', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 200 }), (values) => {
        const keys = Uint32Array.from(values, orderedHighBits);
        const order = radixSortByUint32(
          Uint32Array.from(values, (_, i) => i),
          keys,
        );
        for (let i = 1; i < order.length; i++) {
          const a = order[i - 1]!;
          const b = order[i]!;
          expect(values[a]! <= values[b]! || keys[a] === keys[b]).toBe(true);
          if (keys[a] === keys[b]) expect(a).toBeLessThan(b);
        }
      }),
    );
  });
});

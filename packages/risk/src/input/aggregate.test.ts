import { describe, expect, it } from 'vitest';
import { aggregateRows } from './aggregate.js';

describe('aggregateRows', () => {
  it('sums the rows of each group, groups sorted by id', () => {
    const totals = aggregateRows([
      { groupId: 'B', numerator: 1, denominator: 10 },
      { groupId: 'A', numerator: 2, denominator: 20 },
      { groupId: 'B', numerator: 3, denominator: 5 },
    ]);
    expect(totals.groupIds).toEqual(['A', 'B']);
    expect([...totals.numerator]).toEqual([2, 4]);
    expect([...totals.denominator]).toEqual([20, 15]);
  });

  it('keeps numerators above denominators and zero denominators (the scorer decides)', () => {
    const totals = aggregateRows([
      { groupId: 'A', numerator: 5, denominator: 2 },
      { groupId: 'Z', numerator: 0, denominator: 0 },
    ]);
    expect([...totals.numerator]).toEqual([5, 0]);
    expect([...totals.denominator]).toEqual([2, 0]);
  });

  it('sums with compensation: 0.1 ten times is exactly 1', () => {
    const rows = Array.from({ length: 10 }, () => ({
      groupId: 'A',
      numerator: 0.1,
      denominator: 1,
    }));
    expect(aggregateRows(rows).numerator[0]).toBe(1);
  });

  it('rejects NaN, infinite and negative values and empty ids, naming the row', () => {
    const label = (i: number): string => `in.csv line ${i + 2}`;
    expect(() =>
      aggregateRows([{ groupId: 'A', numerator: NaN, denominator: 1 }], { label }),
    ).toThrow('in.csv line 2: Numerator must be a finite number, got NaN');
    expect(() =>
      aggregateRows(
        [
          { groupId: 'A', numerator: 1, denominator: 1 },
          { groupId: 'A', numerator: 1, denominator: -4 },
        ],
        { label },
      ),
    ).toThrow('in.csv line 3: Denominator must not be negative, got -4');
    expect(() => aggregateRows([{ groupId: 'A', numerator: 1, denominator: Infinity }])).toThrow(
      /row 1/,
    );
    expect(() => aggregateRows([{ groupId: '', numerator: 1, denominator: 1 }])).toThrow(
      'row 1: GroupID is empty',
    );
  });
});

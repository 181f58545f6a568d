import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flagByThresholds, flagFisher } from './flag.js';
import type { MetricRow } from './input/aggregate.js';
import { BUILTIN_KRIS } from './kri/builtin.js';
import type { KriMethod } from './kri/definition.js';
import { defineKri, withMethod } from './kri/validate.js';
import { scoreKri } from './score.js';

const methods: KriMethod[] = ['normal', 'poisson', 'fisher'];
const kris = [BUILTIN_KRIS.get('kri0001')!, BUILTIN_KRIS.get('kri0005')!];

/** Subject-level rows over a handful of sites; counts are integers, so every sum is exact. */
const rowsArb = fc.array(
  fc.record({
    groupId: fc.constantFrom('S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7'),
    numerator: fc.integer({ min: 0, max: 40 }),
    denominator: fc.integer({ min: 0, max: 400 }),
  }),
  { minLength: 1, maxLength: 60 },
);

const summary = (rows: MetricRow[], kri: (typeof kris)[number], method: KriMethod) =>
  [...scoreKri(rows, kri, { method }).groups].sort((a, b) => (a.groupId < b.groupId ? -1 : 1));

describe('properties', () => {
  it('scores and flags do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.integer(),
        fc.constantFrom(...methods),
        fc.constantFrom(...kris),
        (rows, seed, method, kri) => {
          const shuffled = fc.sample(
            fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
            { seed, numRuns: 1 },
          )[0]!;
          expect(summary(shuffled, kri, method)).toEqual(summary(rows, kri, method));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("scores and flags do not change when a site's row is split into several rows", () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...methods),
        fc.constantFrom(...kris),
        (rows, pick, share, method, kri) => {
          const i = pick % rows.length;
          const row = rows[i]!;
          const x1 = Math.floor(row.numerator * share);
          const n1 = Math.floor(row.denominator * share);
          const split = [
            ...rows.slice(0, i),
            { ...row, numerator: x1, denominator: n1 },
            { ...row, numerator: row.numerator - x1, denominator: row.denominator - n1 },
            ...rows.slice(i + 1),
          ];
          expect(summary(split, kri, method)).toEqual(summary(rows, kri, method));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a higher score never gets a lower flag, for any valid thresholds and flags', () => {
    const defArb = fc
      .uniqueArray(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 })
      .chain((ts) =>
        fc.record({
          thresholds: fc.constant([...ts].sort((a, b) => a - b)),
          flags: fc
            .array(fc.integer({ min: -3, max: 3 }), {
              minLength: ts.length + 1,
              maxLength: ts.length + 1,
            })
            .map((f) => f.sort((a, b) => a - b)),
        }),
      );
    fc.assert(
      fc.property(
        defArb,
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 2 }),
        ({ thresholds, flags }, scores) => {
          const kri = defineKri({ id: 'p', type: 'rate', method: 'identity', thresholds, flags });
          const sorted = Float64Array.from(scores).sort();
          const out = flagByThresholds(sorted, kri.thresholds, kri.flags);
          for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1]!);
        },
      ),
    );
  });

  it('scored groups have flags in score order for the normal and Poisson methods', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.constantFrom<KriMethod>('normal', 'poisson'),
        fc.constantFrom(...kris),
        (rows, method, kri) => {
          const groups = scoreKri(rows, { ...withMethod(kri, method), minN: 0 }, { method })
            .groups.filter((g) => g.score !== null)
            .sort((a, b) => a.score! - b.score!);
          for (let i = 1; i < groups.length; i++)
            expect(groups[i]!.flag!).toBeGreaterThanOrEqual(groups[i - 1]!.flag!);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('Fisher: a smaller p-value never gets a smaller |flag|', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2 }),
        fc.constantFrom(-1, 1),
        (ps, dir) => {
          const sorted = Float64Array.from(ps).sort();
          const out = flagFisher(sorted, new Float64Array(sorted.length).fill(dir), [0.01, 0.05]);
          for (let i = 1; i < out.length; i++)
            expect(Math.abs(out[i]!)).toBeLessThanOrEqual(Math.abs(out[i - 1]!));
        },
      ),
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.js';
import { parseCsv } from '../input/csv.js';
import { runRiskScore, type RiskScoreArgs } from './score-command.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/gsm-v2.2.3/', import.meta.url));
const input = path.join(fixtures, 'analyticsInput.csv');
const work = mkdtempSync(path.join(tmpdir(), 'vigil-risk-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(args: RiskScoreArgs): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  await runRiskScore(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { out, err };
}

describe('runRiskScore (vigil risk score)', () => {
  it('writes gsm analyticsSummary.csv rows from analyticsInput.csv for kri0001', async () => {
    const { out } = await run({ input, kri: 'kri0001' });
    const [header, ...rows] = parseCsv(out);
    expect(header!.fields).toEqual([
      'GroupID',
      'Numerator',
      'Denominator',
      'Metric',
      'Score',
      'Flag',
    ]);
    const [, ...expected] = parseCsv(
      (await import('node:fs')).readFileSync(path.join(fixtures, 'analyticsSummary.csv'), 'utf8'),
    );
    expect(rows).toHaveLength(expected.length);
    rows.forEach(({ fields }, i) => {
      const want = expected[i]!.fields;
      expect(fields[0]).toBe(want[0]);
      expect(fields.slice(1, 3)).toEqual(want.slice(2, 4));
      expect(Math.abs(Number(fields[4]) - Number(want[5]))).toBeLessThan(1e-9);
      expect(fields[5]).toBe(want[6]);
    });
  });

  it('writes JSON with bounds: rows, per-group bounds and the funnel', async () => {
    const { out } = await run({ input, kri: 'KRI0001', format: 'json', bounds: true });
    const body = JSON.parse(out);
    expect(body.kri.id).toBe('kri0001');
    expect(body.rows).toHaveLength(154);
    const bounds = body.rows[0].Bounds as { Threshold: number; Metric: number }[];
    expect(bounds.map((b) => b.Threshold)).toEqual([-2, -1, 0, 2, 3]);
    expect(bounds[2]!.Metric).toBeCloseTo(body.overallMetric, 15);
    expect(body.funnel.length).toBeGreaterThan(1000);
  });

  it('adds one Bound_<t> column per threshold to the CSV with bounds', async () => {
    const { out } = await run({ input, kri: 'kri0001', bounds: true, method: 'poisson' });
    expect(out.split('\n')[0]).toBe(
      '"GroupID","Numerator","Denominator","Metric","Score","Flag","Bound_-7","Bound_-5","Bound_0","Bound_5","Bound_7"',
    );
  });

  it('uses KRIs defined or tuned in a KRI file', async () => {
    const kriFile = path.join(work, 'kris.yaml');
    writeFileSync(
      kriFile,
      'kris:\n  - id: lag1\n    type: rate\n    method: identity\n    thresholds: [0.06, 0.07]\n    flags: [0, 1, 2]\n',
    );
    const { out } = await run({ input, kri: 'lag1', kriFile, format: 'json' });
    const rows = JSON.parse(out).rows as { Metric: number; Score: number; Flag: number }[];
    for (const r of rows) {
      expect(r.Score).toBe(r.Metric);
      expect(r.Flag).toBe(r.Metric >= 0.07 ? 2 : r.Metric >= 0.06 ? 1 : 0);
    }
  });

  it('reads NA and quoted fields; an NA in a needed column names the line unless skipped', async () => {
    const file = path.join(work, 'na.csv');
    writeFileSync(
      file,
      'GroupID,Numerator,Denominator,Note\n"A, east",3,100,NA\nB,NA,50,"x"\nC,9,100,\n',
    );
    await expect(run({ input: file, kri: 'kri0005' })).rejects.toThrow(
      `${file} line 3: Numerator is NA (missing)`,
    );
    const { out, err } = await run({ input: file, kri: 'kri0005', skipNa: true });
    expect(out.split('\n')[1]).toMatch(/^"C",9,100,/);
    expect(out).toContain('"A, east",3,100');
    expect(err).toContain('skipped 1 row(s) with NA: lines 3');
  });

  it('reports zero-denominator groups on stderr, not as rows', async () => {
    const file = path.join(work, 'zero.csv');
    writeFileSync(file, 'GroupID,Numerator,Denominator\nA,3,100\nB,0,0\nC,4,120\n');
    const { out, err } = await run({ input: file, kri: 'kri0001' });
    expect(out).not.toContain('"B"');
    expect(err).toBe('excluded group B: zero denominator (numerator 0)\n');
  });

  it('fails with clear RiskInputErrors for unknown KRIs, methods, formats and missing files', async () => {
    await expect(run({ input, kri: 'kri9999' })).rejects.toThrow(
      /unknown KRI 'kri9999' \(known: kri0001, /,
    );
    await expect(run({ input, kri: 'kri0001', method: 'bayes' })).rejects.toThrow(
      /--method must be/,
    );
    await expect(run({ input, kri: 'kri0001', format: 'xml' as 'csv' })).rejects.toThrow(
      /--format/,
    );
    await expect(run({ input: path.join(work, 'nope.csv'), kri: 'kri0001' })).rejects.toThrow(
      /cannot read input file .*nope\.csv: no such file/,
    );
    await expect(
      run({ input: path.join(work, 'nope.csv'), kri: 'kri0001' }),
    ).rejects.toBeInstanceOf(RiskInputError);
  });
});

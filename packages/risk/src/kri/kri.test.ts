import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../input/csv.js';
import { BUILTIN_KRIS } from './builtin.js';
import { parseKriFile } from './kri-file.js';
import { defineKri, withMethod } from './validate.js';

describe('built-in KRIs', () => {
  it('match the 12 standard KRIs of gsm reportingMetrics.csv field by field', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/gsm-v2.2.3/reportingMetrics.csv', import.meta.url),
      'utf8',
    );
    const [header, ...rows] = parseCsv(text);
    const col = (name: string): number => header!.fields.indexOf(name);
    expect(rows).toHaveLength(12);
    for (const { fields } of rows) {
      const kri = BUILTIN_KRIS.get(fields[col('ID')]!)!;
      expect(kri.abbreviation).toBe(fields[col('Abbreviation')]);
      expect(kri.name).toBe(fields[col('Metric')]);
      expect(kri.numerator).toBe(fields[col('Numerator')]);
      expect(kri.denominator).toBe(fields[col('Denominator')]);
      expect(kri.type).toBe(fields[col('AnalysisType')]);
      expect(fields[col('Model')]).toBe('Normal Approximation');
      expect(kri.method).toBe('normal');
      expect(kri.thresholds.join(',')).toBe(fields[col('Threshold')]);
      expect(kri.minN).toBe(Number(fields[col('nMinDenominator')]));
      expect(kri.flags).toEqual([-2, -1, 0, 1, 2]);
    }
  });

  it("include Vigil's ePRO compliance and visit timeliness KRIs", () => {
    expect(BUILTIN_KRIS.get('vkri0001')).toMatchObject({
      type: 'binary',
      denominator: 'Questionnaires Due',
    });
    expect(BUILTIN_KRIS.get('vkri0002')).toMatchObject({
      type: 'binary',
      numerator: 'Visits Outside Window',
    });
    expect(BUILTIN_KRIS.size).toBe(14);
  });
});

describe('defineKri', () => {
  it('fills defaults: method thresholds, flags, names, minN 0', () => {
    const kri = defineKri({ id: 'x1', type: 'rate', method: 'poisson' });
    expect(kri).toMatchObject({
      thresholds: [-7, -5, 5, 7],
      flags: [-2, -1, 0, 1, 2],
      minN: 0,
      name: 'x1',
    });
    expect(defineKri({ id: 'x2', type: 'binary', method: 'Normal Approximation' }).method).toBe(
      'normal',
    );
  });

  it('reports every problem at once, naming the field', () => {
    let message = '';
    try {
      defineKri({ id: 'bad id', type: 'ratio', method: 'bayes', minN: -1 }, 'k.yaml: kris[0]');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('k.yaml: kris[0].id: must be a word');
    expect(message).toContain("k.yaml: kris[0].type: must be 'rate' or 'binary'");
    expect(message).toContain(
      'k.yaml: kris[0].method: must be one of normal, poisson, fisher, identity',
    );
    expect(message).toContain('k.yaml: kris[0].minN: must be a number >= 0');
  });

  it('rejects unsorted thresholds, wrong flag counts, decreasing flags and bad Fisher p-values', () => {
    const base = { id: 'k', type: 'rate', method: 'normal' };
    expect(() => defineKri({ ...base, thresholds: [3, 2, -2, -3] })).toThrow(/strictly ascending/);
    expect(() => defineKri({ ...base, thresholds: [1, 2, 3] })).toThrow(
      /flags: must be given for 3/,
    );
    expect(() => defineKri({ ...base, thresholds: [1, 2], flags: [0, 1] })).toThrow(/must list 3/);
    expect(() => defineKri({ ...base, thresholds: [1, 2], flags: [2, 1, 0] })).toThrow(
      /non-decreasing/,
    );
    expect(() => defineKri({ ...base, method: 'fisher', thresholds: [0.05, 2] })).toThrow(
      /two p-values/,
    );
    expect(() => defineKri({ ...base, method: 'identity' })).toThrow(
      /required for method 'identity'/,
    );
  });

  it("sorts gsm's comma-separated thresholds as ParseThreshold does", () => {
    expect(
      defineKri({ id: 'k', type: 'rate', method: 'normal', thresholds: '3,-3,2,-2' }).thresholds,
    ).toEqual([-3, -2, 2, 3]);
  });

  it('withMethod switches to the new method defaults', () => {
    const kri = withMethod(BUILTIN_KRIS.get('kri0001')!, 'fisher');
    expect(kri).toMatchObject({ id: 'kri0001', method: 'fisher', thresholds: [0.01, 0.05] });
    expect(() => withMethod(BUILTIN_KRIS.get('kri0001')!, 'identity')).toThrow(/thresholds/);
  });
});

describe('parseKriFile', () => {
  it('tunes built-ins and adds new KRIs', () => {
    const yaml = `
kris:
  - id: kri0001
    thresholds: [-2.5, -1.5, 2, 3]
    minN: 60
  - id: kri0005
    method: poisson
  - id: lag0001
    name: Data entry lag (days)
    type: rate
    method: identity
    thresholds: [5, 10]
    flags: [0, 1, 2]
`;
    const kris = parseKriFile(yaml, 'kris.yaml');
    expect(kris.get('kri0001')).toMatchObject({
      thresholds: [-2.5, -1.5, 2, 3],
      minN: 60,
      name: 'Adverse Event Rate',
    });
    expect(kris.get('kri0005')).toMatchObject({
      method: 'poisson',
      thresholds: [-7, -5, 5, 7],
      minN: 30,
    });
    expect(kris.get('lag0001')).toMatchObject({ method: 'identity', flags: [0, 1, 2], minN: 0 });
    expect(kris.get('kri0002')).toBe(BUILTIN_KRIS.get('kri0002'));
  });

  it('names the file, entry and field of each problem', () => {
    const yaml = `
- id: kri0001
  treshold: [1, 2]
- id: new1
  method: normal
- id: kri0002
  thresholds: [2, 1]
`;
    let message = '';
    try {
      parseKriFile(yaml, 'kris.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('kris.yaml: kris[0] (kri0001): unknown field(s) treshold');
    expect(message).toContain("kris.yaml: kris[1] (new1).type: must be 'rate' or 'binary'");
    expect(message).toContain(
      'kris.yaml: kris[2] (kri0002).thresholds: must be strictly ascending',
    );
  });

  it('reports YAML syntax errors with a line and rejects a wrong shape', () => {
    expect(() => parseKriFile('kris:\n  - id: [unclosed\n', 'k.yaml')).toThrow(
      /k\.yaml line \d+: not valid YAML/,
    );
    expect(() => parseKriFile('kris: 3\n', 'k.yaml')).toThrow(/expected a list of KRIs/);
    expect(() =>
      parseKriFile('- id: a1\n  type: rate\n  method: normal\n- id: a1\n', 'k.yaml'),
    ).toThrow(/duplicate id 'a1'/);
  });
});

import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.js';
import { parseCsv, readMetricCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n1,,NA\n\n"NA","",3\n';
    const records = parseCsv(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['1', null, null],
      [null, '', '3'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(() => parseCsv('a,b\n1,"open\n', 'f.csv')).toThrow(/f\.csv line 2: unterminated/);
  });
});

describe('readMetricCsv', () => {
  const header = '"SubjectID","GroupID","GroupLevel","Numerator","Denominator","Metric"\n';

  it('takes GroupID, Numerator, Denominator by header name and ignores other columns, even NA', () => {
    const csv = readMetricCsv(
      `${header}"S1","0X1","Site",3,120,NA\n"S2","0X1","Site",1.5,1e2,0.1\n`,
      'in.csv',
    );
    expect(csv.rows).toEqual([
      { groupId: '0X1', numerator: 3, denominator: 120 },
      { groupId: '0X1', numerator: 1.5, denominator: 100 },
    ]);
    expect(csv.lines).toEqual([2, 3]);
  });

  it('names the file and line of a missing column, a bad number or an NA', () => {
    expect(() => readMetricCsv('GroupID,Numerator\nA,1\n', 'in.csv')).toThrow(
      /in\.csv: missing column\(s\) Denominator/,
    );
    expect(() => readMetricCsv('GroupID,Numerator,Denominator\nA,1,2\nB,x,2\n', 'in.csv')).toThrow(
      'in.csv line 3: Numerator "x" is not a number',
    );
    expect(() => readMetricCsv('GroupID,Numerator,Denominator\nA,NaN,2\n', 'in.csv')).toThrow(
      /line 2: Numerator "NaN" is not a number/,
    );
    expect(() => readMetricCsv('GroupID,Numerator,Denominator\nA,1,NA\n', 'in.csv')).toThrow(
      'in.csv line 2: Denominator is NA (missing)',
    );
    expect(() => readMetricCsv('GroupID,Numerator,Denominator\nA,1\n', 'in.csv')).toThrow(
      RiskInputError,
    );
  });

  it('skips NA rows when asked, and says which', () => {
    const csv = readMetricCsv('GroupID,Numerator,Denominator\nA,1,NA\nB,2,5\n', 'in.csv', {
      skipNa: true,
    });
    expect(csv.rows).toEqual([{ groupId: 'B', numerator: 2, denominator: 5 }]);
    expect(csv.skipped).toEqual([2]);
  });
});

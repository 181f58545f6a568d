import { RiskInputError } from '../errors.js';
import type { MetricRow } from './aggregate.js';

/** One CSV record: its fields (null = missing: `NA` or an empty unquoted field) and start line. */
export interface CsvRecord {
  readonly fields: readonly (string | null)[];
  /** 1-based line on which the record starts (quoted fields may span lines). */
  readonly line: number;
}

/**
 * Parses RFC 4180 CSV text: `,` separators, `"` quoting with `""` escapes, quoted line breaks, CRLF
 * or LF, an optional UTF-8 BOM. `NA` (quoted or not, as R's `read.csv` reads it) and empty unquoted
 * fields become null. Blank lines are skipped. Throws on an unterminated quote.
 */
export function parseCsv(text: string, source = 'input'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = (): void => {
    fields.push(field === 'NA' || (!quoted && field === '') ? null : field);
    field = '';
    quoted = false;
  };
  const endRecord = (): void => {
    const blank = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      inQuotes = true;
      quoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (inQuotes) {
    throw new RiskInputError(`${source} line ${recordLine}: unterminated quoted field`, [
      { field: `${source} line ${recordLine}`, reason: 'unterminated quote' },
    ]);
  }
  if (field !== '' || quoted || fields.length > 0) endRecord();
  return records;
}

/** Rows read from a metric CSV, with where each came from. */
export interface MetricCsv {
  readonly rows: MetricRow[];
  /** `rows[i]` came from line `lines[i]`. */
  readonly lines: number[];
  /** Lines skipped because of an NA (only with `skipNa`). */
  readonly skipped: number[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads `GroupID, Numerator, Denominator` (header names matched case-insensitively; other columns
 * ignored) from CSV text. A missing, non-numeric, NaN, infinite or negative value is an error naming
 * the file and line, unless the value is NA and `skipNa` is set (the row is then skipped).
 */
export function readMetricCsv(
  text: string,
  source: string,
  options: { skipNa?: boolean } = {},
): MetricCsv {
  const [header, ...records] = parseCsv(text, source);
  if (header === undefined)
    throw new RiskInputError(`${source}: empty file (expected a header line)`);
  const names = header.fields.map((f) => (f ?? '').trim().toLowerCase());
  const wanted = ['GroupID', 'Numerator', 'Denominator'] as const;
  const columns = wanted.map((w) => names.indexOf(w.toLowerCase()));
  const missing = wanted.filter((_, k) => columns[k] === -1);
  if (missing.length > 0) {
    throw new RiskInputError(
      `${source}: missing column(s) ${missing.join(', ')} (header: ${header.fields.join(', ')})`,
      missing.map((m) => ({ field: `${source}.${m}`, reason: 'missing column' })),
    );
  }
  const [gCol, xCol, nCol] = columns as [number, number, number];
  const rows: MetricRow[] = [];
  const lines: number[] = [];
  const skipped: number[] = [];
  for (const { fields, line } of records) {
    const where = `${source} line ${line}`;
    if (fields.length !== header.fields.length) {
      throw new RiskInputError(
        `${where}: ${fields.length} fields, header has ${header.fields.length}`,
        [{ field: where, reason: 'wrong number of fields' }],
      );
    }
    const raw = [fields[gCol], fields[xCol], fields[nCol]];
    const naIndex = raw.findIndex((v) => v === null || v === undefined);
    if (naIndex !== -1) {
      if (options.skipNa) {
        skipped.push(line);
        continue;
      }
      throw new RiskInputError(`${where}: ${wanted[naIndex]} is NA (missing)`, [
        { field: `${where}.${wanted[naIndex]}`, reason: 'missing (NA)' },
      ]);
    }
    const [groupId, xText, nText] = raw as [string, string, string];
    const parse = (value: string, name: string): number => {
      const v = value.trim();
      if (!NUMBER.test(v)) {
        throw new RiskInputError(`${where}: ${name} ${JSON.stringify(value)} is not a number`, [
          { field: `${where}.${name}`, reason: 'not a number' },
        ]);
      }
      return Number(v);
    };
    rows.push({
      groupId,
      numerator: parse(xText, 'Numerator'),
      denominator: parse(nText, 'Denominator'),
    });
    lines.push(line);
  }
  return { rows, lines, skipped };
}

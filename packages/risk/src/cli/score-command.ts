import { readFile } from 'node:fs/promises';
import { RiskInputError } from '../errors.js';
import { readMetricCsv } from '../input/csv.js';
import { BUILTIN_KRIS } from '../kri/builtin.js';
import type { KriDefinition } from '../kri/definition.js';
import { parseKriFile } from '../kri/kri-file.js';
import { parseMethod } from '../kri/validate.js';
import { scoreKri } from '../score.js';
import { formatCsv, formatJson, type OutputFormat } from './format-output.js';

/** Arguments of `vigil risk score`. */
export interface RiskScoreArgs {
  /** CSV with a header and at least `GroupID, Numerator, Denominator`. */
  input: string;
  /** KRI id (built-in, or defined in `kriFile`). */
  kri: string;
  /** Override the KRI's method: normal | poisson | fisher | identity. */
  method?: string;
  format?: OutputFormat;
  /** Add the funnel bounds (CSV: one column per threshold; JSON: also the funnel lines). */
  bounds?: boolean;
  /** YAML file adding or tuning KRIs. */
  kriFile?: string;
  /** Skip rows whose GroupID, Numerator or Denominator is NA instead of failing. */
  skipNa?: boolean;
}

/** Where the command writes: results to stdout, notes (excluded groups, skipped rows) to stderr. */
export interface RiskScoreIo {
  stdout: (s: string) => void;
  stderr?: (s: string) => void;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new RiskInputError(`cannot read ${what} ${path}: ${reason}`, [{ field: what, reason }], {
      cause: err,
    });
  }
}

function findKri(catalogue: ReadonlyMap<string, KriDefinition>, id: string): KriDefinition {
  const exact = catalogue.get(id);
  if (exact) return exact;
  const folded = [...catalogue.values()].find((k) => k.id.toLowerCase() === id.toLowerCase());
  if (folded) return folded;
  throw new RiskInputError(`unknown KRI '${id}' (known: ${[...catalogue.keys()].join(', ')})`, [
    { field: 'kri', reason: 'unknown' },
  ]);
}

/**
 * `vigil risk score`: reads the input CSV (and the KRI file), scores the KRI and writes one row per
 * group. Throws `RiskInputError` with a message naming the file, line or option at fault.
 */
export async function runRiskScore(args: RiskScoreArgs, io: RiskScoreIo): Promise<void> {
  const format = args.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') {
    throw new RiskInputError(`--format must be csv or json, got '${String(format)}'`, [
      { field: 'format', reason: 'unknown' },
    ]);
  }
  const method = args.method === undefined ? undefined : parseMethod(args.method);
  if (args.method !== undefined && method === undefined) {
    throw new RiskInputError(
      `--method must be normal, poisson, fisher or identity, got '${args.method}'`,
      [{ field: 'method', reason: 'unknown' }],
    );
  }
  const catalogue =
    args.kriFile === undefined
      ? BUILTIN_KRIS
      : parseKriFile(await readText(args.kriFile, 'KRI file'), args.kriFile);
  const kri = findKri(catalogue, args.kri);
  const csv = readMetricCsv(await readText(args.input, 'input file'), args.input, {
    skipNa: args.skipNa ?? false,
  });
  const result = scoreKri(csv.rows, kri, {
    ...(method && { method }),
    bounds: args.bounds ?? false,
    label: (i) => `${args.input} line ${csv.lines[i] ?? '?'}`,
  });
  io.stdout(format === 'json' ? formatJson(result) : formatCsv(result));
  if (io.stderr) {
    if (csv.skipped.length > 0) {
      io.stderr(`skipped ${csv.skipped.length} row(s) with NA: lines ${csv.skipped.join(', ')}\n`);
    }
    for (const e of result.excluded) {
      io.stderr(`excluded group ${e.groupId}: ${e.reason} (numerator ${e.numerator})\n`);
    }
  }
}

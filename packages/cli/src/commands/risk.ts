import { AppError } from '@vigil/core';
import { isRiskInputError, runRiskScore, type OutputFormat } from '@vigil/risk';
import { Option, type Command } from 'commander';

interface ScoreOptions {
  input: string;
  kri: string;
  method?: string;
  format: OutputFormat;
  bounds: boolean;
  kriFile?: string;
  skipNa: boolean;
}

/**
 * `vigil risk score`: scores one KRI from a CSV (one row per subject or per site) and prints one row
 * per group. The logic lives in @vigil/risk (`runRiskScore`); this file only wires the flags and
 * turns the engine's `RiskInputError` into the catalog's `VALIDATION_FAILED`.
 */
export function registerRiskCommand(program: Command): void {
  const risk = program.command('risk').description('risk-based monitoring: key risk indicators');
  risk
    .command('score')
    .description(
      'score a KRI per site (gsm v2.2.3-conformant) and print GroupID,Numerator,Denominator,Metric,Score,Flag',
    )
    .requiredOption(
      '--input <file>',
      'CSV with a header and GroupID, Numerator, Denominator columns',
    )
    .requiredOption(
      '--kri <id>',
      'KRI id: kri0001..kri0012 (gsm), vkri0001 (ePRO), vkri0002 (visits), or from --kri-file',
    )
    .addOption(
      new Option('--method <method>', 'override the KRI method').choices([
        'normal',
        'poisson',
        'fisher',
        'identity',
      ]),
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'),
    )
    .option(
      '--bounds',
      'add funnel bounds (CSV: a column per threshold; JSON: also the funnel lines)',
      false,
    )
    .option('--kri-file <file>', 'YAML file that adds or tunes KRIs')
    .option(
      '--skip-na',
      'skip rows with NA in GroupID, Numerator or Denominator instead of failing',
      false,
    )
    .action(async (options: ScoreOptions) => {
      try {
        await runRiskScore(
          {
            input: options.input,
            kri: options.kri,
            format: options.format,
            bounds: options.bounds,
            skipNa: options.skipNa,
            ...(options.method !== undefined && { method: options.method }),
            ...(options.kriFile !== undefined && { kriFile: options.kriFile }),
          },
          { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
        );
      } catch (err) {
        if (isRiskInputError(err)) {
          throw new AppError('VALIDATION_FAILED', err.message, {
            cause: err,
            details: err.details,
          });
        }
        throw err;
      }
    });
}

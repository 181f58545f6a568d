// `vigilctl api client --api FILE --out FILE`: a typed fetch client (ApiError for the envelope).
import type { Command } from 'commander';
import { loadApi } from '../../api/load.js';
import { clientFile } from '../../gen/client/client-file.js';
import { analyzeForGen } from '../../gen/ts/generate-api.js';
import { hasDrift, writeFiles } from '../../gen/write-files.js';
import { ExitCode, printDiagnostics, type CliIo } from '../io.js';
import { printReport } from './gen-report.js';

/** Register `client` under the `api` command. */
export function register(api: Command, io: CliIo): void {
  api
    .command('client')
    .description('generate a typed fetch client (a *.gen.ts file) of an .api file')
    .requiredOption('--api <file>', 'root .api file')
    .requiredOption('--out <file>', 'output file, e.g. apps/web/src/api/patient.gen.ts')
    .option('--check', 'write nothing; exit 1 if the file would change')
    .action(async (o: { api: string; out: string; check?: boolean }) => {
      const { spec, diagnostics } = await loadApi(o.api);
      printDiagnostics(io, diagnostics);
      if (!spec) throw new ExitCode(1);
      const { schemas, plan, problems } = analyzeForGen(spec);
      for (const p of problems) io.stderr(`${p.severity}: ${p.message}\n`);
      if (problems.some((p) => p.severity === 'error')) throw new ExitCode(1);
      const file = {
        path: o.out,
        content: clientFile(spec, schemas, plan),
        kind: 'generated' as const,
      };
      const report = await writeFiles('', [file], { check: o.check });
      printReport(io, '', report, o.check === true);
      if (o.check && hasDrift(report)) throw new ExitCode(1);
    });
}

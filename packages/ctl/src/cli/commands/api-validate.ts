// `vigilctl api validate --api FILE`: exit 0 when the contract is valid, 1 with its errors.
import type { Command } from 'commander';
import { loadApi } from '../../api/load.js';
import { ExitCode, printDiagnostics, type CliIo } from '../io.js';

/** Register `validate` under the `api` command. */
export function register(api: Command, io: CliIo): void {
  api
    .command('validate')
    .description('check syntax and semantics of an .api file and its imports')
    .requiredOption('--api <file>', 'root .api file')
    .action(async (opts: { api: string }) => {
      const { spec, diagnostics } = await loadApi(opts.api);
      printDiagnostics(io, diagnostics);
      if (!spec) throw new ExitCode(1);
      io.stdout(`${opts.api}: ok (${spec.types.length} types, ${spec.routes.length} routes)\n`);
    });
}

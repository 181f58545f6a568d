// `vigilctl api inspect --api FILE [--json]`: the resolved contract.
import type { Command } from 'commander';
import { toInspectJson } from '../../api/inspect.js';
import { loadApi } from '../../api/load.js';
import { ExitCode, printDiagnostics, type CliIo } from '../io.js';

/** Register `inspect` under the `api` command. */
export function register(api: Command, io: CliIo): void {
  api
    .command('inspect')
    .description('print the resolved contract (types and routes, imports merged)')
    .requiredOption('--api <file>', 'root .api file')
    .option('--json', 'print JSON (the shape is documented in packages/ctl/README.md)')
    .action(async (opts: { api: string; json?: boolean }) => {
      const { spec, diagnostics } = await loadApi(opts.api);
      printDiagnostics(io, diagnostics);
      if (!spec) throw new ExitCode(1);
      const json = toInspectJson(spec);
      if (opts.json) {
        io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      io.stdout(
        `service ${json.service || '(none)'}: ${json.types.length} types, ${json.routes.length} routes\n`,
      );
      for (const r of json.routes) {
        const req = r.request ? ` (${r.request})` : '';
        const resp = r.response ? ` returns (${r.response})` : '';
        io.stdout(`  ${r.method.padEnd(7)} ${r.path}${req}${resp} -> ${r.handler}\n`);
      }
    });
}

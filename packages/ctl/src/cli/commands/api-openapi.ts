// `vigilctl api openapi --api FILE [--out FILE]`: the OpenAPI 3.1 document (goctl `api swagger`).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { loadApi } from '../../api/load.js';
import { openApiDocument } from '../../gen/openapi/openapi.js';
import { analyzeForGen } from '../../gen/ts/generate-api.js';
import { ExitCode, printDiagnostics, type CliIo } from '../io.js';

/** Register `openapi` under the `api` command. */
export function register(api: Command, io: CliIo): void {
  api
    .command('openapi')
    .description('print (or write) the OpenAPI 3.1 document of an .api file')
    .requiredOption('--api <file>', 'root .api file')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (o: { api: string; out?: string }) => {
      const { spec, diagnostics } = await loadApi(o.api);
      printDiagnostics(io, diagnostics);
      if (!spec) throw new ExitCode(1);
      const { schemas, plan, problems } = analyzeForGen(spec);
      for (const p of problems) io.stderr(`${p.severity}: ${p.message}\n`);
      if (problems.some((p) => p.severity === 'error')) throw new ExitCode(1);
      const text = `${JSON.stringify(openApiDocument(spec, schemas, plan), null, 2)}\n`;
      if (!o.out) {
        io.stdout(text);
        return;
      }
      await mkdir(dirname(o.out), { recursive: true });
      await writeFile(o.out, text);
    });
}

// `vigilctl gen [--check] [--root DIR] [service…]`: regenerate every service folder below
// services/ from its contracts (`npm run gen`); with --check write nothing and fail listing the
// drifted files (`npm run gen:check`, run by CI, like go-zero's generated-code checks).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runServiceGen } from '../../gen/service.js';
import { hasDrift } from '../../gen/write-files.js';
import { ExitCode, type CliIo } from '../io.js';
import { printReport } from './gen-report.js';

interface Options {
  all?: boolean;
  check?: boolean;
  root: string;
}

/** Service folders with a contract: services/<name>/ holding a .api or .proto file. */
export function contractFolders(root: string): string[] {
  const services = join(root, 'services');
  if (!existsSync(services)) return [];
  return readdirSync(services, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(services, d.name))
    .filter((dir) => readdirSync(dir).some((f) => f.endsWith('.api') || f.endsWith('.proto')))
    .sort();
}

/** Register the `gen` command on the program. */
export function register(program: Command, io: CliIo): void {
  program
    .command('gen')
    .description('regenerate services from their contracts (services/*/*.api, *.proto)')
    .argument('[services...]', 'service folders (default with --all: every one with a contract)')
    .option('--all', 'every folder below <root>/services with an .api or .proto')
    .option('--check', 'write nothing; exit 1 listing generated files that are out of date')
    .option('--root <dir>', 'repository root', '.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (services: string[], o: Options) => {
      const dirs = o.all ? contractFolders(o.root) : services;
      if (!dirs.length) {
        io.stderr('error: name service folders or pass --all\n');
        throw new ExitCode(1);
      }
      let failed = false;
      let drift = false;
      for (const dir of dirs) {
        if (o.all && o.check && !existsSync(join(dir, 'src', 'server.gen.ts'))) {
          // A contract whose service was never generated is being written by hand or set up:
          // nothing generated can have drifted yet. `vigilctl gen <dir>` creates it.
          io.stderr(`note: ${dir} has not been generated yet; skipped\n`);
          continue;
        }
        const r = await runServiceGen({ dir }, o.check);
        for (const m of r.messages) io.stderr(`${m}\n`);
        if (r.failed || !r.report) {
          failed = true;
          continue;
        }
        printReport(io, dir, r.report, o.check === true);
        drift ||= hasDrift(r.report);
      }
      if (o.check && drift) {
        io.stderr('generated code is out of date: run `npm run gen` and commit the result\n');
      }
      if (failed || (o.check && drift)) throw new ExitCode(1);
    });
}

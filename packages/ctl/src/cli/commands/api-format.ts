// `vigilctl api format`: canonical layout. `--api FILE` prints to stdout (`--write` rewrites the
// file), `--dir DIR` rewrites every .api file below DIR, `--stdin` formats standard input, and
// `--check` only reports files that are not formatted (exit 1), for CI.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatApi } from '../../api/format.js';
import { ExitCode, printDiagnostics, type CliIo } from '../io.js';

interface FormatOptions {
  api?: string;
  dir?: string;
  stdin?: boolean;
  write?: boolean;
  check?: boolean;
}

async function apiFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.api'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Register `format` under the `api` command. */
export function register(api: Command, io: CliIo): void {
  api
    .command('format')
    .description('format .api files (idempotent; comments are kept)')
    .option('--api <file>', 'format one file and print it (see --write)')
    .option('--dir <dir>', 'format every .api file below a folder, in place')
    .option('--stdin', 'format standard input to standard output')
    .option('--write', 'with --api: rewrite the file instead of printing it')
    .option('--check', 'write nothing; exit 1 listing the files that are not formatted')
    .action(async (opts: FormatOptions) => {
      const chosen = [opts.api, opts.dir, opts.stdin].filter((x) => x !== undefined).length;
      if (chosen !== 1) {
        io.stderr('error: give exactly one of --api <file>, --dir <dir>, --stdin\n');
        throw new ExitCode(1);
      }
      if (opts.stdin) {
        const r = formatApi(await io.readStdin(), '<stdin>');
        printDiagnostics(io, r.diagnostics);
        if (r.output === undefined) throw new ExitCode(1);
        io.stdout(r.output);
        return;
      }
      const files = opts.api ? [opts.api] : await apiFiles(opts.dir as string);
      const toStdout = opts.api !== undefined && !opts.write && !opts.check;
      let failed = false;
      for (const file of files) {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (err) {
          io.stderr(`${file}:1:1: cannot read file (${(err as NodeJS.ErrnoException).code})\n`);
          failed = true;
          continue;
        }
        const r = formatApi(text, file);
        printDiagnostics(io, r.diagnostics);
        if (r.output === undefined) {
          failed = true;
        } else if (toStdout) {
          io.stdout(r.output);
        } else if (r.output !== text) {
          if (opts.check) {
            io.stdout(`${file}\n`);
            failed = true;
          } else await writeFile(file, r.output);
        }
      }
      if (failed) throw new ExitCode(1);
    });
}

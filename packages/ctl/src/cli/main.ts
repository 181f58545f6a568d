// vigilctl entry point. `runCli` returns the exit code instead of exiting so tests can call it;
// run as a script (bin/vigilctl.js) it exits with that code. Unexpected failures print one line,
// never a stack trace.
import { realpathSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import { CommanderError } from 'commander';
import { ExitCode, type CliIo } from './io.js';
import { buildProgram } from './program.js';

/** Run vigilctl with `argv` (without the node and script entries); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof ExitCode) return err.code;
    if (err instanceof CommanderError) return err.exitCode;
    io.stderr(`vigilctl: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => text(process.stdin),
};

const script = process.argv[1];
if (script && import.meta.url === pathToFileURL(realpathSync(script)).href) {
  process.exitCode = await runCli(process.argv.slice(2), processIo);
}

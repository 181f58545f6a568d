// What a command may touch: its output streams and input. Injected so commands run in tests
// without spawning a process.
import type { ApiDiagnostic } from '../api/diagnostics.js';
import { formatDiagnostic } from '../api/diagnostics.js';

/** Streams and process facts a command uses. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
}

/** Print diagnostics to stderr, one `file:line:col: message` per line. */
export function printDiagnostics(io: CliIo, diagnostics: readonly ApiDiagnostic[]): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
}

/** Thrown by a command to end with an exit code (after printing what it had to print). */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

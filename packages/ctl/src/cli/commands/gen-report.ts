// Printing what a generation run did, shared by `api ts`, `rpc ts` and `gen`.
import { join } from 'node:path';
import type { WriteReport } from '../../gen/write-files.js';
import type { CliIo } from '../io.js';

/** Print one line per changed file; in check mode, the drifted files (relative to `base`). */
export function printReport(io: CliIo, base: string, report: WriteReport, check: boolean): void {
  const at = (p: string) => join(base, p);
  if (check) {
    for (const p of report.written) io.stdout(`out of date: ${at(p)}\n`);
    for (const p of report.created) io.stdout(`missing: ${at(p)}\n`);
    for (const p of report.removed) io.stdout(`stale: ${at(p)}\n`);
    return;
  }
  for (const p of report.written) io.stdout(`wrote ${at(p)}\n`);
  for (const p of report.created) io.stdout(`created ${at(p)} (yours to edit)\n`);
  for (const p of report.removed) io.stdout(`removed ${at(p)}\n`);
  if (report.created.includes('package.json')) {
    io.stderr(`note: ${at('package.json')} is new: run \`npm install\` to link the workspace\n`);
  }
}

/** Parse a port/order option. */
export function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${value}`);
  return n;
}

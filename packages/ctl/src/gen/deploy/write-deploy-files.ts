// Writing deploy output with the two kinds of file vigilctl knows (STYLE.md §9): `generated`
// files are rewritten on every run and carry a DO NOT EDIT header; `scaffold` files are written
// once, then belong to the operator. `check` reports what a run would change and writes nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { YAML_GENERATED_HEADER } from './yaml-docs.js';

/** One output file, its path relative to the root. */
export interface DeployFile {
  path: string;
  content: string;
  kind: 'generated' | 'scaffold';
}

/** What a run did (or would do, with `check`), paths sorted. */
export interface DeployWriteReport {
  written: string[];
  unchanged: string[];
  kept: string[];
  /** Generated files (header on line 1) in `ownedDirs` that no service produces any more. */
  removed: string[];
}

/** Writes `files` below `root`; removes stale generated YAML from `ownedDirs`. */
export function writeDeployFiles(
  root: string,
  files: readonly DeployFile[],
  options: { check?: boolean; ownedDirs?: readonly string[] } = {},
): DeployWriteReport {
  const report: DeployWriteReport = { written: [], unchanged: [], kept: [], removed: [] };
  const planned = new Set(files.map((f) => f.path));
  for (const file of files) {
    const abs = join(root, file.path);
    const current = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    if (file.kind === 'scaffold' && current !== undefined) report.kept.push(file.path);
    else if (current === file.content) report.unchanged.push(file.path);
    else {
      report.written.push(file.path);
      if (!options.check) {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, file.content);
      }
    }
  }
  for (const dir of options.ownedDirs ?? []) {
    if (!existsSync(join(root, dir))) continue;
    for (const name of readdirSync(join(root, dir))) {
      const path = `${dir}/${name}`;
      if (planned.has(path) || !/\.ya?ml$/.test(name)) continue;
      if (!readFileSync(join(root, path), 'utf8').startsWith(YAML_GENERATED_HEADER)) continue;
      report.removed.push(path);
      if (!options.check) rmSync(join(root, path));
    }
  }
  for (const list of Object.values(report)) list.sort();
  return report;
}

/** True when a check found generated output out of date. */
export function deployDrift(report: DeployWriteReport): boolean {
  return report.written.length > 0 || report.removed.length > 0;
}

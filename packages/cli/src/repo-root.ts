import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Vigil checkout this CLI belongs to (the folder whose package.json is named "vigil"). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'vigil'
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Vigil repository root');
    dir = parent;
  }
}

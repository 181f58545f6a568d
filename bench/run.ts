/**
 * Benchmark dispatcher: `npm run bench -- <name> [args]` runs `bench/<name>/main.ts`.
 * Each benchmark prints its figures as ratios against a baseline measured in the same run.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(here, d.name, 'main.ts')))
  .map((d) => d.name);

const name = process.argv[2];
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [options]\n`);
  process.exit(name ? 1 : 0);
}
process.argv.splice(2, 1);
await import(pathToFileURL(path.join(here, name, 'main.ts')).href);

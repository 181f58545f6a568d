/**
 * `npm run bench -- ctl [--types N] [--routes N] [--rounds N]`: how long vigilctl takes to
 * generate a service from a 100-type, 50-route `.api` file (by default), into a temporary folder.
 * There is no natural baseline, so the figure is also given as a ratio to parsing alone
 * (`loadApi`: scan, parse, imports, semantic checks), the part every generator needs first.
 * Medians over rounds, after one warm-up; plus the wall time of the whole CLI process once
 * (`vigilctl api ts`, Node and tsx start-up included).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateService, loadApi, runServiceGen } from '@vigil/ctl';
import { syntheticApi } from './synthetic-api.js';

const { values } = parseArgs({
  options: {
    types: { type: 'string', default: '100' },
    routes: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '15' },
  },
});
const types = Number(values.types);
const routes = Number(values.routes);
const rounds = Number(values.rounds);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const work = await mkdtemp(path.join(tmpdir(), 'vigil-bench-ctl-'));
try {
  const apiFile = path.join(work, 'bench.api');
  await writeFile(apiFile, syntheticApi(types, routes));
  const { spec } = await loadApi(apiFile);
  if (!spec) throw new Error('the synthetic contract does not load');
  const parse: number[] = [];
  const inMemory: number[] = [];
  const generate: number[] = [];
  for (let i = 0; i <= rounds; i++) {
    const p = await timed(() => loadApi(apiFile));
    const dir = path.join(work, `svc${i}`, 'bench');
    const m = await timed(async () => {
      const r = await generateService({ dir, api: apiFile, httpPort: 18000 });
      if (r.failed) throw new Error(r.messages.join('\n'));
    });
    const g = await timed(async () => {
      const r = await runServiceGen({ dir, api: apiFile, httpPort: 18000 });
      if (r.failed) throw new Error(r.messages.join('\n'));
    });
    if (i === 0) continue; // warm-up: JIT, module loading
    parse.push(p);
    inMemory.push(m);
    generate.push(g);
  }
  const files = (
    await runServiceGen({ dir: path.join(work, 'count', 'bench'), api: apiFile, httpPort: 18000 })
  ).files.length;
  const cli = fileURLToPath(new URL('../../packages/ctl/bin/vigilctl.js', import.meta.url));
  const t0 = performance.now();
  const proc = spawnSync(
    process.execPath,
    [
      cli,
      'api',
      'ts',
      '--api',
      apiFile,
      '--dir',
      path.join(work, 'cli', 'bench'),
      '--port',
      '18000',
    ],
    { encoding: 'utf8' },
  );
  const cliMs = performance.now() - t0;
  if (proc.status !== 0) throw new Error(proc.stderr);
  const p = median(parse);
  const g = median(generate);
  const m = median(inMemory);
  const out = [
    `vigilctl: ${spec.types.length} types, ${spec.routes.length} routes -> ${files} files (median of ${rounds} rounds)`,
    `  parse + check (loadApi)          ${p.toFixed(2)} ms`,
    `  generate, in memory              ${m.toFixed(2)} ms   = ${(m / p).toFixed(2)}x parsing alone`,
    `  generate + write (api ts)        ${g.toFixed(2)} ms   = ${(g / p).toFixed(2)}x parsing alone`,
    `  whole CLI process (vigilctl api ts, cold)  ${cliMs.toFixed(0)} ms`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}

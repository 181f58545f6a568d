/**
 * `npm run bench -- rest [--seconds N] [--warmup N] [--connections N] [--rounds N]`: the same
 * JSON route served by raw Fastify and by the full @vigil/core chain (without JWT, with JWT, with
 * the rate limiter), server pinned to core 0 and the load generator (wrk, else autocannon) to
 * core 1. Variants alternate for several rounds; the best round and the medians are reported as ratios
 * against raw Fastify measured in the same run, with the server's CPU time per request beside req/s. The
 * `floor` row is raw Fastify plus only what any chain built on Fastify hooks and an
 * AsyncLocalStorage scope pays before doing any work: what is left between it and the chain is
 * the chain's own work.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, roundsReport, type LoadFigures } from '../lib/measure.js';
import { startServer, stopServer } from '../lib/proc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
  },
});

const names: Record<string, string> = {
  raw: 'raw Fastify (baseline)',
  floor: 'raw Fastify + 2 empty hooks + ALS scope (floor)',
  vigil: '@vigil/core chain, no JWT',
  'vigil-jwt': '@vigil/core chain + JWT (EdDSA)',
  'vigil-limit': '@vigil/core chain + rate limiter',
};

const runs = new Map<string, LoadFigures[]>();
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const variant of Object.keys(names)) {
    const { child, url, extra, pid } = await startServer(0, path.join(here, 'server.ts'), [
      variant,
    ]);
    const token = extra[0];
    process.stderr.write(`round ${round}: ${variant}…\n`);
    const f = await measure({
      url: `${url}/api/v1/bench/info/P0001`,
      serverPid: pid,
      loadCpu: 1,
      seconds: Number(values.seconds),
      warmupSeconds: Number(values.warmup),
      connections: Number(values.connections),
      // The same request for every variant: all get the token, only vigil-jwt checks it.
      headers: { authorization: `Bearer ${token}` },
    });
    await stopServer(child);
    runs.set(variant, [...(runs.get(variant) ?? []), f]);
  }
}

process.stdout.write(`
${roundsReport(runs, (variant) => names[variant]!)}
`);

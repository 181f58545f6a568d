/**
 * `npm run bench -- rest [--seconds N] [--connections N]`: the same JSON route served by raw
 * Fastify and by the full @vigil/core chain (without, then with JWT), server pinned to core 0 and
 * load generator (autocannon) to core 1. Prints req/s, p99 and server CPU µs per request, as
 * ratios against raw Fastify measured in the same run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, table, type LoadFigures } from '../lib/measure.js';
import { startServer, stopServer } from '../lib/proc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
  },
});

const rows: { name: string; f: LoadFigures }[] = [];
for (const variant of ['raw', 'vigil', 'vigil-jwt']) {
  const { child, url, extra, pid } = await startServer(0, path.join(here, 'server.ts'), [variant]);
  const token = extra[0];
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  process.stderr.write(`measuring ${variant}…\n`);
  const f = await measure({
    url: `${url}/api/v1/bench/info/P0001`,
    serverPid: pid,
    loadCpu: 1,
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    connections: Number(values.connections),
    headers,
  });
  await stopServer(child);
  rows.push({
    name:
      variant === 'raw'
        ? 'raw Fastify (baseline)'
        : variant === 'vigil'
          ? '@vigil/core chain, no JWT'
          : '@vigil/core chain + JWT (EdDSA)',
    f,
  });
}
process.stdout.write(`\n${table(rows)}\n`);

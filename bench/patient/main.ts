/**
 * `npm run bench -- patient [--seconds N] [--warmup N] [--connections N] [--rounds N]`:
 * `GET /api/v1/patient/info/:id` with a JWT and a cache hit, direct to the patient service and
 * through the gateway, each against raw Fastify serving the same bytes in the same run. The
 * platform runs as `vigil start` does (embedded PostgreSQL, identity, patient, gateway on
 * shifted ports) pinned to core 0; wrk runs on core 1. CPU per request sums every process that
 * serves it (patient; gateway + patient). Two floor rows use a bare Fastify + undici proxy with no
 * chain (`bare-proxy.ts`): in front of the raw server (the hop alone, with nothing on either side)
 * and in front of patient (what the hop costs before any gateway work).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, roundsReport, type LoadFigures } from '../lib/measure.js';
import { pinned, startServer, stopServer } from '../lib/proc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
  },
});
const ports = {
  gateway: 28888,
  identity: 28001,
  identityGrpc: 29001,
  patient: 28002,
  patientGrpc: 29002,
  pg: 25440,
};

/** Pids of the supervisor's children, by the service entry they run. */
function servicePids(supervisorPid: number): Record<string, number> {
  const found: Record<string, number> = {};
  for (const entry of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== supervisorPid) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const m = /services\/([a-z-]+)\/src\/main\.ts/.exec(cmd);
      if (m) found[m[1]!] = Number(entry);
    } catch {
      /* process gone */
    }
  }
  return found;
}

const stateDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
const [cmd, argv] = pinned(0, process.execPath, [
  '--conditions=vigil-source',
  '--import',
  'tsx',
  path.join(root, 'packages/cli/src/bin.ts'),
  'start',
  '--only',
  'identity,patient,gateway',
  '--state-dir',
  stateDir,
]);
const platform = spawn(cmd, argv, {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    ...process.env,
    GATEWAY_HTTP_PORT: String(ports.gateway),
    IDENTITY_HTTP_PORT: String(ports.identity),
    IDENTITY_GRPC_PORT: String(ports.identityGrpc),
    PATIENT_HTTP_PORT: String(ports.patient),
    PATIENT_GRPC_PORT: String(ports.patientGrpc),
    VIGIL_EMBEDDED_PG_PORT: String(ports.pg),
    // The edge's per-client limit would turn the benchmark's one client into 429s.
    GATEWAY_RATE_LIMIT: '1000000000',
    GATEWAY_RATE_BURST: '1000000000',
  },
});
let out = '';
platform.stdout.on('data', (c: Buffer) => (out += c.toString()));
await new Promise<void>((resolve, reject) => {
  platform.stdout.on('data', () => out.includes('Vigil is running') && resolve());
  platform.once('exit', (code) => reject(new Error(`vigil start exited with ${code}:\n${out}`)));
});
try {
  const gateway = `http://127.0.0.1:${ports.gateway}`;
  const login = await fetch(`${gateway}/api/v1/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'monitor', password: 'vigil-demo' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  const path_ = '/api/v1/patient/info/P-S01-001';
  const sample = await fetch(`http://127.0.0.1:${ports.patient}${path_}`, { headers });
  if (sample.status !== 200) throw new Error(`patient answered ${sample.status}`);
  const body = await sample.text(); // also warms the cache: later requests are cache hits
  const pids = servicePids(platform.pid!);
  if (!pids.patient || !pids.gateway)
    throw new Error(`service pids not found: ${JSON.stringify(pids)}`);

  const runs = new Map<string, LoadFigures[]>();
  const add = (name: string, f: LoadFigures) => runs.set(name, [...(runs.get(name) ?? []), f]);
  const common = {
    loadCpu: 1,
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    connections: Number(values.connections),
  };
  /** The request through a bare proxy (`bare-proxy.ts`) in front of `upstream`; CPU of both. */
  const measureBehindBareProxy = async (upstream: string, upstreamPid: number) => {
    const proxy = await startServer(0, path.join(here, 'bare-proxy.ts'), [upstream]);
    try {
      return await measure({
        ...common,
        url: `${proxy.url}${path_}`,
        serverPid: [proxy.pid, upstreamPid],
        headers,
      });
    } finally {
      await stopServer(proxy.child);
    }
  };
  for (let round = 1; round <= Number(values.rounds); round++) {
    process.stderr.write(`round ${round}…\n`);
    const raw = await startServer(0, path.join(here, 'raw-server.ts'), [body]);
    add(
      'raw Fastify, same bytes (baseline)',
      // The same request as the patient service gets, bearer token included: same bytes in, same
      // bytes out.
      await measure({ ...common, url: `${raw.url}${path_}`, serverPid: raw.pid, headers }),
    );
    // The hop alone: the bare proxy in front of that raw server, neither doing any other work.
    add(
      'raw Fastify via bare proxy (the hop alone; proxy + raw CPU)',
      await measureBehindBareProxy(raw.url, raw.pid),
    );
    await stopServer(raw.child);
    add(
      'patient direct (JWT + cache hit)',
      await measure({
        ...common,
        url: `http://127.0.0.1:${ports.patient}${path_}`,
        serverPid: pids.patient,
        headers,
      }),
    );
    add(
      'via gateway (gateway + patient CPU)',
      await measure({
        ...common,
        url: `${gateway}${path_}`,
        serverPid: [pids.gateway, pids.patient],
        headers,
      }),
    );
    add(
      'via bare proxy, no chain (floor; proxy + patient CPU)',
      await measureBehindBareProxy(`http://127.0.0.1:${ports.patient}`, pids.patient),
    );
  }
  process.stdout.write(`
response ${Buffer.byteLength(body)} B
${roundsReport(runs)}
`);
} finally {
  platform.kill('SIGINT');
  await new Promise((resolve) => platform.once('exit', resolve));
  rmSync(stateDir, { recursive: true, force: true });
}

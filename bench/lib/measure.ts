import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinned, processCpuTimes } from './proc.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** One measured load run against one server. */
export interface LoadFigures {
  rps: number;
  p99Ms: number;
  p50Ms: number;
  errors: number;
  requests: number;
  /** Server CPU time per request, µs (user + system, from /proc). */
  cpuUsPerRequest: number;
  /**
   * The kernel's part of it. On loopback the kernel work of a response includes waking the load
   * generator; a slower server finds it idle more often, so this part grows with the user part.
   */
  sysUsPerRequest: number;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

/** wrk (C, one thread) loads far more efficiently than autocannon, so it is preferred. */
async function runWrk(
  cpu: number,
  url: string,
  seconds: number,
  connections: number,
  headers: Record<string, string>,
) {
  const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const [cmd, argv] = pinned(cpu, 'wrk', [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    ...headerArgs,
    url,
  ]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const total = Number(/(\d+) requests in/.exec(out)?.[1]);
  const [, p50v = '0', p50u = 'ms'] = /50%\s+([\d.]+)(us|ms|s|m)/.exec(out) ?? [];
  const [, p99v = '0', p99u = 'ms'] = /99%\s+([\d.]+)(us|ms|s|m)/.exec(out) ?? [];
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { requests: total, rps, p50: toMs(p50v, p50u), p99: toMs(p99v, p99u), errors };
}

const hasWrk = existsSync('/usr/bin/wrk');

async function runLoad(
  cpu: number,
  url: string,
  seconds: number,
  connections: number,
  headers: Record<string, string>,
) {
  if (hasWrk && !process.env.BENCH_AUTOCANNON)
    return runWrk(cpu, url, seconds, connections, headers);
  const headerArgs = Object.entries(headers).map(([k, v]) => `${k}=${v}`);
  const [cmd, argv] = pinned(cpu, process.execPath, [
    '--import',
    'tsx',
    path.join(here, 'load.ts'),
    url,
    String(seconds),
    String(connections),
    ...headerArgs,
  ]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out) as {
    requests: number;
    rps: number;
    p99: number;
    p50: number;
    errors: number;
  };
}

/**
 * Warms the server up, then loads it for `seconds` from a load generator pinned to `loadCpu`,
 * reading the server's CPU time around the measured window.
 */
export async function measure(o: {
  url: string;
  /** The server process, or every process serving the request (gateway + service). */
  serverPid: number | number[];
  loadCpu: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  headers?: Record<string, string>;
}): Promise<LoadFigures> {
  const headers = o.headers ?? {};
  await runLoad(o.loadCpu, o.url, o.warmupSeconds, o.connections, headers);
  const pids = Array.isArray(o.serverPid) ? o.serverPid : [o.serverPid];
  const cpuOf = () =>
    pids.reduce(
      (sum, pid) => {
        const t = processCpuTimes(pid);
        return { user: sum.user + t.user, system: sum.system + t.system };
      },
      { user: 0, system: 0 },
    );
  const before = cpuOf();
  const r = await runLoad(o.loadCpu, o.url, o.seconds, o.connections, headers);
  const after = cpuOf();
  const sys = after.system - before.system;
  const cpu = after.user - before.user + sys;
  return {
    rps: r.rps,
    p99Ms: r.p99,
    p50Ms: r.p50,
    errors: r.errors,
    requests: r.requests,
    cpuUsPerRequest: r.requests ? (cpu * 1e6) / r.requests : Number.NaN,
    sysUsPerRequest: r.requests ? (sys * 1e6) / r.requests : Number.NaN,
  };
}

/** Formats a results table with ratios against the first row (the baseline). */
export function table(rows: { name: string; f: LoadFigures }[]): string {
  const base = rows[0]!.f;
  const lines = [
    '| variant | req/s | p99 ms | CPU µs/req (kernel) | throughput vs baseline | CPU/req vs baseline | p99 vs baseline | errors |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { name, f } of rows) {
    lines.push(
      `| ${name} | ${f.rps.toFixed(0)} | ${f.p99Ms.toFixed(1)} | ${f.cpuUsPerRequest.toFixed(1)} (${f.sysUsPerRequest.toFixed(1)}) | ${(f.rps / base.rps).toFixed(2)} | ${(f.cpuUsPerRequest / base.cpuUsPerRequest).toFixed(2)}× | ${(f.p99Ms / Math.max(base.p99Ms, 1e-9)).toFixed(2)}× | ${f.errors} |`,
    );
  }
  return lines.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Each figure's median over the rounds (figures may come from different rounds). */
export function medianOfRounds(fs: LoadFigures[]): LoadFigures {
  return {
    rps: median(fs.map((f) => f.rps)),
    p99Ms: median(fs.map((f) => f.p99Ms)),
    p50Ms: median(fs.map((f) => f.p50Ms)),
    errors: fs.reduce((a, f) => a + f.errors, 0),
    requests: fs.reduce((a, f) => a + f.requests, 0),
    cpuUsPerRequest: median(fs.map((f) => f.cpuUsPerRequest)),
    sysUsPerRequest: median(fs.map((f) => f.sysUsPerRequest)),
  };
}

/**
 * The round with the least CPU per request, all its figures together. On a shared machine other
 * tenants only ever add time (slower cycles, stolen caches), so the cheapest round is the best
 * estimate of what the code itself costs — the reasoning behind Python's `timeit` taking the
 * minimum. Errors are summed over every round, so none is hidden.
 */
export function bestOfRounds(fs: LoadFigures[]): LoadFigures {
  const best = fs.reduce((a, f) => (f.cpuUsPerRequest < a.cpuUsPerRequest ? f : a));
  return { ...best, errors: fs.reduce((a, f) => a + f.errors, 0) };
}

/** Both tables of a round-based benchmark: best round per variant, then medians. */
export function roundsReport(
  runs: Map<string, LoadFigures[]>,
  nameOf: (key: string) => string = (key) => key,
): string {
  const rounds = Math.max(...[...runs.values()].map((fs) => fs.length));
  const rows = (pick: (fs: LoadFigures[]) => LoadFigures) =>
    [...runs].map(([key, fs]) => ({ name: nameOf(key), f: pick(fs) }));
  return [
    `best of ${rounds} rounds (each variant's round with the least CPU per request)`,
    table(rows(bestOfRounds)),
    '',
    `medians of ${rounds} rounds`,
    table(rows(medianOfRounds)),
  ].join('\n');
}

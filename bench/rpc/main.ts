/**
 * `npm run bench -- rpc [--seconds N] [--warmup N] [--concurrency N] [--rounds N] [--rate N]`:
 * one unary gRPC call (Bench.Get, a ~60-byte record) through
 *   - a raw grpc-js handler and a raw grpc-js client (the baseline),
 *   - the Vigil server chain (trace, access log, metrics, shedding, deadline, recovery) and client
 *     (deadline, trace/auth metadata, breaker, round-robin, error mapping),
 * and, to choose the client's balancing, Vigil's per-replica channels against one grpc-js
 * `round_robin` channel over two replicas. Server pinned to core 0, load to core 1; CPU time per
 * call from process.cpuUsage() of each process. Each variant is measured closed-loop (max
 * throughput) and open-loop at `--rate` calls/s (CPU per call at equal load); every variant runs
 * `rounds` times, interleaved, and the median round is reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pinned } from '../lib/proc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '1000' },
  },
});

interface Variant {
  name: string;
  server: 'raw' | 'vigil' | 'vigil-nolog' | 'mixed';
  replicas: number;
  client: 'raw' | 'vigil' | 'vigil-target';
}

const variants: Variant[] = [
  { name: 'raw grpc-js server + raw client (baseline)', server: 'raw', replicas: 1, client: 'raw' },
  { name: 'Vigil server + raw client', server: 'vigil', replicas: 1, client: 'raw' },
  {
    name: 'Vigil server, AccessLog off + Vigil client',
    server: 'vigil-nolog',
    replicas: 1,
    client: 'vigil',
  },
  { name: 'Vigil server + Vigil client (defaults)', server: 'vigil', replicas: 1, client: 'vigil' },
  {
    name: '2 replicas, Vigil client Endpoints (channel per replica)',
    server: 'vigil',
    replicas: 2,
    client: 'vigil',
  },
  {
    name: '2 replicas, Vigil client Target ipv4: (grpc-js round_robin)',
    server: 'vigil',
    replicas: 2,
    client: 'vigil-target',
  },
];

interface Figures {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  serverCpuUsPerCall: number;
  clientCpuUsPerCall: number;
}

function tsx(
  cpu: number,
  file: string,
  args: string[],
  stdin: 'pipe' | 'ignore',
  env: Record<string, string> = {},
): ChildProcess {
  const [cmd, argv] = pinned(cpu, process.execPath, [
    '--conditions=vigil-source',
    '--import',
    'tsx',
    path.join(here, file),
    ...args,
  ]);
  return spawn(cmd, argv, { stdio: [stdin, 'pipe', 'inherit'], env: { ...process.env, ...env } });
}

function nextLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        resolve(m);
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`child exited with ${code}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function serverCpuUs(server: ChildProcess): Promise<number> {
  const line = nextLine(server, /CPU (\d+)\n/);
  server.stdin!.write('cpu\n');
  return Number((await line)[1]);
}

async function load(v: Variant, ports: string[], seconds: number, rate: number) {
  const args = [v.client, String(seconds), values.concurrency, ...ports];
  const child = tsx(1, 'load.ts', args, 'ignore', { BENCH_RATE: String(rate) });
  const m = await nextLine(child, /(\{.*\})\n/);
  return JSON.parse(m[1]!) as {
    calls: number;
    rate: number;
    p50: number;
    p99: number;
    errors: number;
    clientCpuUsPerCall: number;
  };
}

async function measure(v: Variant): Promise<{ closed: Figures; open?: Figures }> {
  const server = tsx(0, 'server.ts', [v.server, String(v.replicas)], 'pipe');
  const ports = (await nextLine(server, /READY ([^\n]*)\n/))[1]!.trim().split(/\s+/);
  const run = async (rate: number): Promise<Figures> => {
    const before = await serverCpuUs(server);
    const r = await load(v, ports, Number(values.seconds), rate);
    const serverCpu = (await serverCpuUs(server)) - before;
    return {
      rate: r.rate,
      p50: r.p50,
      p99: r.p99,
      errors: r.errors,
      serverCpuUsPerCall: serverCpu / Math.max(1, r.calls),
      clientCpuUsPerCall: r.clientCpuUsPerCall,
    };
  };
  try {
    await load(v, ports, Number(values.warmup), 0);
    const closed = await run(0);
    const rate = Number(values.rate);
    return rate > 0 ? { closed, open: await run(rate) } : { closed };
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  }
}

const rounds = Number(values.rounds);
const closed = new Map<Variant, Figures[]>(variants.map((v) => [v, []]));
const open = new Map<Variant, Figures[]>(variants.map((v) => [v, []]));
for (let round = 0; round < rounds; round++) {
  for (const v of variants) {
    process.stderr.write(`round ${round + 1}/${rounds}: ${v.name}…\n`);
    const r = await measure(v);
    closed.get(v)!.push(r.closed);
    if (r.open) open.get(v)!.push(r.open);
  }
}

/**
 * The chain's own cost without the process-wide differences (AsyncLocalStorage hooks, module
 * set, timers): one server process serves raw grpc-js, Vigil without and with the access log on
 * three ports; a raw client loads each in turn at `rate` calls/s, `rounds` times.
 */
async function sameProcess(): Promise<string> {
  process.stderr.write('same-process comparison…\n');
  const server = tsx(0, 'server.ts', ['mixed'], 'pipe');
  const ports = (await nextLine(server, /READY ([^\n]*)\n/))[1]!.trim().split(/\s+/);
  const rawClient = variants[0]!;
  const names = ['raw grpc-js handler', 'Vigil chain, AccessLog off', 'Vigil chain, AccessLog on'];
  const cpu = names.map(() => [] as number[]);
  try {
    for (const port of ports) await load(rawClient, [port], Number(values.warmup), 0);
    for (let round = 0; round < rounds; round++) {
      for (const [i, port] of ports.entries()) {
        const before = await serverCpuUs(server);
        const r = await load(rawClient, [port], Number(values.seconds), Number(values.rate));
        cpu[i]!.push(((await serverCpuUs(server)) - before) / Math.max(1, r.calls));
      }
    }
  } finally {
    server.kill('SIGKILL');
  }
  const med = cpu.map((xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  const lines = [
    `Same server process, ${values.rate} calls/s offered by a raw client, ${values.seconds} s × ${rounds} rounds (median):`,
    '',
    '| handler | server CPU µs/call | vs raw handler | added µs/call |',
    '|---|---|---|---|',
  ];
  names.forEach((name, i) => {
    const cells = [
      name,
      med[i]!.toFixed(1),
      `${(med[i]! / med[0]!).toFixed(2)}×`,
      (med[i]! - med[0]!).toFixed(1),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  });
  return lines.join('\n');
}

/** The median round by the figure the table is about. */
function median(runs: Figures[], by: (f: Figures) => number): Figures {
  return [...runs].sort((a, b) => by(a) - by(b))[Math.floor(runs.length / 2)]!;
}

function report(title: string, runs: Map<Variant, Figures[]>, by: (f: Figures) => number): string {
  const rows = variants.map((v) => ({ v, f: median(runs.get(v)!, by) }));
  const base = rows[0]!.f;
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const lines = [
    title,
    '',
    '| variant | calls/s | p50 ms | p99 ms | server CPU µs/call | client CPU µs/call | calls/s vs baseline | server CPU/call vs baseline | client CPU/call vs baseline | errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { v, f } of rows) {
    const cells = [
      v.name,
      f.rate.toFixed(0),
      f.p50.toFixed(2),
      f.p99.toFixed(2),
      f.serverCpuUsPerCall.toFixed(1),
      f.clientCpuUsPerCall.toFixed(1),
      (f.rate / base.rate).toFixed(2),
      ratio(f.serverCpuUsPerCall, base.serverCpuUsPerCall),
      ratio(f.clientCpuUsPerCall, base.clientCpuUsPerCall),
      String(f.errors),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const out = [
  report(
    `Closed loop, ${values.concurrency} calls in flight, ${values.seconds} s × ${rounds} rounds (median by calls/s):`,
    closed,
    (f) => f.rate,
  ),
];
if (Number(values.rate) > 0) {
  out.push(
    report(
      `Open loop, ${values.rate} calls/s offered, ${values.seconds} s × ${rounds} rounds (median by server CPU/call):`,
      open,
      (f) => f.serverCpuUsPerCall,
    ),
  );
}
if (Number(values.rate) > 0) out.push(await sameProcess());
process.stdout.write(`\n${out.join('\n\n')}\n`);

/**
 * Benchmark load process: `load.ts raw|vigil|vigil-target <seconds> <concurrency> <port...>`.
 * Keeps `concurrency` unary calls in flight for `seconds` (or offers BENCH_RATE calls/s) and
 * prints one JSON line: calls, calls/s, p50/p99 latency (ms) and this process's CPU µs per call.
 */
import * as grpc from '@grpc/grpc-js';
import { createLogger, createRpcClient, loadProto } from '@vigil/core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devNullLogDestination } from '../lib/dev-null.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const proto = loadProto(path.join(here, 'bench.proto'));
const Bench = proto.service('vigil.bench.Bench');
const [mode = 'raw', secondsArg = '5', concurrencyArg = '50', ...ports] = process.argv.slice(2);
const targets = ports.map((p) => `127.0.0.1:${p}`);

let call: (id: string) => Promise<unknown>;
let close: () => void;
if (mode === 'raw') {
  // The baseline: one grpc-js channel, callback API wrapped in a promise, nothing else.
  const client = new grpc.Client(targets[0]!, grpc.credentials.createInsecure());
  const m = Bench.service.Get!;
  call = (id) =>
    new Promise((resolve, reject) =>
      client.makeUnaryRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        { id },
        new grpc.Metadata(),
        { deadline: Date.now() + 2000 },
        (err, value) => (err ? reject(err) : resolve(value)),
      ),
    );
  close = () => client.close();
} else {
  const logger = createLogger({
    service: 'load',
    destination: devNullLogDestination(),
  });
  const config =
    mode === 'vigil-target' ? { Target: `ipv4:${targets.join(',')}` } : { Endpoints: targets };
  const client = createRpcClient(Bench, config, { logger, service: 'load' });
  await client.waitForReady(5000);
  const get = client.Get!;
  call = (id) => get({ id });
  close = () => client.close();
}

const seconds = Number(secondsArg);
const concurrency = Number(concurrencyArg);
const rate = Number(process.env.BENCH_RATE ?? '0');
const latencies: number[] = [];
let errors = 0;
const cpuBefore = process.cpuUsage();
const start = performance.now();
const end = start + seconds * 1000;

async function one(id: string): Promise<void> {
  const t = performance.now();
  try {
    await call(id);
    latencies.push(performance.now() - t);
  } catch {
    errors++;
  }
}

if (rate > 0) {
  // Open loop: `rate` calls/s offered in 10 ms ticks, so CPU per call is compared at the same
  // load whatever else the machine is doing (a closed loop's batching changes with throughput).
  let inFlight = 0;
  let issued = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now >= end) {
        clearInterval(tick);
        const drain = setInterval(() => {
          if (inFlight === 0) {
            clearInterval(drain);
            resolve();
          }
        }, 5);
        return;
      }
      const due = Math.floor(((now - start) / 1000) * rate);
      while (issued < due && inFlight < concurrency) {
        inFlight++;
        void one(`P${issued++}`).then(() => inFlight--);
      }
    }, 10);
  });
} else {
  // Closed loop: `concurrency` callers, each sends its next call when the previous one answers.
  await Promise.all(
    Array.from({ length: concurrency }, async (_, n) => {
      for (let i = 0; performance.now() < end; i++) await one(`P${n}-${i}`);
    }),
  );
}
const elapsed = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
close();
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
process.stdout.write(
  JSON.stringify({
    calls: latencies.length,
    rate: latencies.length / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    errors,
    clientCpuUsPerCall: (cpu.user + cpu.system) / Math.max(1, latencies.length),
  }) + '\n',
);

import { performance } from 'node:perf_hooks';

/** One closed-loop run: throughput and this process's CPU time per operation. */
export interface LoopFigures {
  ops: number;
  opsPerSec: number;
  /** Client-side CPU (user + system) per operation, µs, from process.cpuUsage. */
  cpuUsPerOp: number;
  p50Us: number;
  p99Us: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/**
 * Runs `op` from `concurrency` workers, each issuing its next call when the previous resolves,
 * for `seconds`. Worker w calls op(w), op(w + concurrency), … so keys spread over the data set.
 */
export async function closedLoop(
  op: (i: number) => Promise<unknown>,
  seconds: number,
  concurrency: number,
): Promise<LoopFigures> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < end; i += concurrency) {
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsedS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const sorted = Float64Array.from(latencies).sort();
  return {
    ops: latencies.length,
    opsPerSec: latencies.length / elapsedS,
    cpuUsPerOp: (cpu.user + cpu.system) / latencies.length,
    p50Us: percentile(sorted, 0.5) * 1000,
    p99Us: percentile(sorted, 0.99) * 1000,
  };
}

/** The median of a few numbers (rounds alternate baseline and variant to share the noise). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

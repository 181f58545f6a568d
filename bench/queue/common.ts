import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';

/** Options and measuring helpers shared by the queue bench's variants. */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    producers: { type: 'string', default: '4' },
    batch: { type: 'string', default: '50' },
    prefetch: { type: 'string', default: '32' },
    only: { type: 'string', default: 'rabbitmq,postgres' },
    pool: { type: 'string', default: '10' },
  },
});
export const EVENTS = Number(values.events);
export const ROUNDS = Number(values.rounds);
export const PRODUCERS = Number(values.producers);
export const BATCH = Number(values.batch);
export const PREFETCH = Number(values.prefetch);
export const only = new Set(values.only.split(','));
export const run = randomBytes(4).toString('hex');
/** MaxOpenConns of the outbox database (the service default is 10). */
export const POOL = Number(values.pool);
export const logger = pino({ level: 'warn' });

/** A follow-up trigger of realistic size (~230 bytes of JSON). */
export function payload(i: number) {
  return {
    patientId: `P-${run}-${i}`,
    trialId: 'T-2026-001',
    siteId: `S${i % 40}`,
    enrolledAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    arm: i % 2 ? 'treatment' : 'control',
    schedule: 'SoA-v3',
  };
}

export interface Figures {
  seconds: number;
  eventsPerSec: number;
  /** This process's CPU per event, µs. */
  cpuUsPerEvent: number;
}

/** Times `work` until `done` resolves; `work` starts producing, `done` resolves at the last ack. */
export async function measure(work: () => Promise<void>, done: Promise<void>): Promise<Figures> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all([work(), done]);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds,
    eventsPerSec: EVENTS / seconds,
    cpuUsPerEvent: (cpu.user + cpu.system) / EVENTS,
  };
}

export function counter(): { hit(): void; done: Promise<void> } {
  let n = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    hit() {
      n += 1;
      if (n === EVENTS) resolve();
    },
    done,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median of each figure over rounds. */
export function med(list: Figures[]): Figures {
  return {
    seconds: median(list.map((f) => f.seconds)),
    eventsPerSec: median(list.map((f) => f.eventsPerSec)),
    cpuUsPerEvent: median(list.map((f) => f.cpuUsPerEvent)),
  };
}

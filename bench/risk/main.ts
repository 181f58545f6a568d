/**
 * Risk engine benchmark: `npm run bench -- risk [--sites 10000] [--reps 200]`.
 *
 * Scores the 12 standard gsm KRIs over N synthetic sites and compares each path with the floor: a
 * plain JavaScript loop that only sums the same input arrays (what reading the data costs, the
 * memory-bandwidth floor). Prints a markdown block for bench/RESULTS.md.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  BUILTIN_KRIS,
  scoreArrays,
  scoreKri,
  scoreTotals,
  withMethod,
  type GroupTotals,
  type KriDefinition,
  type MetricRow,
} from '@vigil/risk';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const SITES = arg('sites', 10_000);
const REPS = arg('reps', 200);

/** mulberry32: small deterministic PRNG so every run scores the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface KriData {
  kri: KriDefinition;
  numerator: Float64Array;
  denominator: Float64Array;
}

/** Site-level data with realistic magnitudes: days on study for rates, counts for proportions. */
function synthesize(kri: KriDefinition, seed: number): KriData {
  const rand = prng(seed);
  const numerator = new Float64Array(SITES);
  const denominator = new Float64Array(SITES);
  const base = kri.type === 'rate' ? 0.002 + rand() * 0.05 : 0.02 + rand() * 0.3;
  for (let i = 0; i < SITES; i++) {
    const n = Math.round(kri.type === 'rate' ? 200 + rand() * 20_000 : 5 + rand() * 800);
    const siteRate = base * (0.5 + rand()); // over-dispersion between sites
    denominator[i] = n;
    numerator[i] = Math.min(
      Math.round(n * siteRate * (0.8 + 0.4 * rand())),
      kri.type === 'binary' ? n : Infinity,
    );
  }
  return { kri, numerator, denominator };
}

const kris = [...BUILTIN_KRIS.values()].filter((k) => /^kri00(0[1-9]|1[0-2])$/.test(k.id));
const data = kris.map((kri, k) => synthesize(kri, 1000 + k));

let sink = 0;
/** Median and minimum wall time of `fn` in ms over `reps` runs after `reps / 10` warm-up runs. */
function time(reps: number, fn: () => number): { median: number; min: number } {
  for (let r = 0; r < Math.max(3, reps / 10); r++) sink += fn();
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    sink += fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, min: samples[0]! };
}

/** The floor: read every input value once and add it up, as a plain loop. */
function sumInputs(numerator: Float64Array, denominator: Float64Array): number {
  let s = 0;
  for (let i = 0; i < numerator.length; i++) s += numerator[i]! + denominator[i]!;
  return s;
}
const floor = time(REPS, () => {
  let s = 0;
  for (const d of data) s += sumInputs(d.numerator, d.denominator);
  return s;
});

const arrays = time(REPS, () => {
  let s = 0;
  for (const d of data) s += scoreArrays(d.numerator, d.denominator, d.kri).score[0]!;
  return s;
});

const ids = Array.from({ length: SITES }, (_, i) => `S${String(i).padStart(5, '0')}`);
const totals: GroupTotals[] = data.map((d) => ({
  groupIds: ids,
  numerator: d.numerator,
  denominator: d.denominator,
}));
const objects = time(Math.ceil(REPS / 4), () => {
  let s = 0;
  data.forEach((d, k) => (s += scoreTotals(totals[k]!, d.kri).groups.length));
  return s;
});
const objectsById = time(Math.ceil(REPS / 4), () => {
  let s = 0;
  data.forEach((d, k) => (s += scoreTotals(totals[k]!, d.kri, { order: 'group' }).groups.length));
  return s;
});

const rows: MetricRow[][] = data.map((d) =>
  ids.map((groupId, i) => ({
    groupId,
    numerator: d.numerator[i]!,
    denominator: d.denominator[i]!,
  })),
);
const fromRows = time(Math.ceil(REPS / 10), () => {
  let s = 0;
  data.forEach((d, k) => (s += scoreKri(rows[k]!, d.kri).groups.length));
  return s;
});

// Other methods, one KRI each (12 KRIs' worth of work would scale linearly).
const ae = data[0]!;
const lb = data[4]!;
const poisson = time(
  REPS,
  () => scoreArrays(ae.numerator, ae.denominator, withMethod(ae.kri, 'poisson')).score[0]!,
);
const fisher = time(
  Math.ceil(REPS / 20),
  () => scoreArrays(lb.numerator, lb.denominator, withMethod(lb.kri, 'fisher')).score[0]!,
);

const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(3) : ms.toFixed(1));
/** Ratio to the floor for the same amount of input (one KRI = a twelfth of the floor). */
const ratio = (ms: number, kriCount: number): string =>
  `${((ms * kris.length) / kriCount / floor.median).toFixed(1)}×`;
const line = (what: string, t: { median: number; min: number }, kriCount = kris.length): string =>
  `| ${what} | ${fmt(t.median)} | ${fmt(t.min)} | ${ratio(t.median, kriCount)} |`;

process.stdout.write(
  [
    `Sites: ${SITES}, KRIs: ${kris.length} (gsm kri0001–kri0012, normal approximation), reps: ${REPS}`,
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`,
    '',
    `| what (${SITES} sites × ${kris.length} KRIs unless noted) | median ms | min ms | median / floor |`,
    '|---|---|---|---|',
    line('floor: plain loop summing numerators and denominators', floor),
    line('`scoreArrays` (typed arrays: μ, φ, scores, flags, minN)', arrays),
    line('`scoreTotals` (+ zero-denominator split, gsm order, result objects)', objects),
    line('`scoreTotals` with `order: group` (no sort)', objectsById),
    line('`scoreKri` from row objects (+ validation, grouping by id)', fromRows),
    line('Poisson IRLS (`scoreArrays`), 1 KRI', poisson, 1),
    line('Fisher exact test per site (`scoreArrays`), 1 binary KRI', fisher, 1),
    '',
    `(checksum ${sink.toPrecision(6)})`,
    '',
  ].join('\n'),
);

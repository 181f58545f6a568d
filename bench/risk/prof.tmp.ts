import { performance } from 'node:perf_hooks';
import {
  BUILTIN_KRIS,
  scoreArrays,
  summaryOrder,
  scoreTotals,
  analyzeNormalApprox,
  flagByThresholds,
} from '@vigil/risk';
const N = 10000;
const x = new Float64Array(N),
  n = new Float64Array(N);
for (let i = 0; i < N; i++) {
  n[i] = 200 + Math.round(Math.random() * 20000);
  x[i] = Math.round(n[i]! * 0.01 * (0.5 + Math.random()));
}
const kri = BUILTIN_KRIS.get('kri0001')!;
const ids = Array.from({ length: N }, (_, i) => `S${String(i).padStart(5, '0')}`);
function t(name: string, reps: number, fn: () => unknown) {
  for (let r = 0; r < 20; r++) fn();
  const s: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    s.push(performance.now() - t0);
  }
  s.sort((a, b) => a - b);
  console.log(name.padEnd(20), 'median', s[reps >> 1]!.toFixed(3), 'min', s[0]!.toFixed(3));
}
let sink = 0;
t('floor', 500, () => {
  let s = 0;
  for (let i = 0; i < N; i++) s += x[i]! + n[i]!;
  sink += s;
});
t('normal', 500, () => analyzeNormalApprox(x, n, 'rate'));
const sc = analyzeNormalApprox(x, n, 'rate').score;
t('flag', 500, () => flagByThresholds(sc, kri.thresholds, kri.flags));
t('scoreArrays', 500, () => scoreArrays(x, n, kri));
const r = scoreArrays(x, n, kri);
t('summaryOrder', 100, () => summaryOrder(r.metric, r.score, r.rawFlag, ids));
t('scoreTotals', 100, () => scoreTotals({ groupIds: ids, numerator: x, denominator: n }, kri));
console.log(sink > 0);

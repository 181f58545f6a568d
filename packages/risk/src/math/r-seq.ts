/**
 * R's `seq(from, to, by)` for by > 0: `from + (0:n) * by` with n = floor((to - from)/by + 1e-10),
 * capped at `to`. gsm builds its funnel grid with it, so bounds land on the same denominators.
 */
export function rSeq(from: number, to: number, by: number): Float64Array {
  if (!(by > 0) || !Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    return Float64Array.of(from);
  }
  const span = Math.max(Math.abs(to), Math.abs(from));
  if (span > 0 && (to - from) / span < 100 * Number.EPSILON) return Float64Array.of(from);
  const n = Math.floor((to - from) / by + 1e-10);
  const out = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = Math.min(from + i * by, to);
  return out;
}

// Go duration strings (time.ParseDuration): `300ms`, `1.5h`, `2h45m`, `10µs`. goctl passes the
// `timeout:` value of @server through time.ParseDuration (api/gogen/genroutes.go).

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds of a Go duration string, or undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  const part = /^(\d*\.?\d*)([a-zµμ]+)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m || m[1] === '' || m[1] === '.') return undefined;
    const factor = UNIT_MS[m[2] as string];
    if (factor === undefined) return undefined;
    total += Number(m[1]) * factor;
    s = s.slice(m[0].length);
  }
  // Round away binary noise from the sub-millisecond factors.
  return (sign * Math.round(total * 1e6)) / 1e6;
}

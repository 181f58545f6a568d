/**
 * A synthetic `.api` contract of a given size for the vigilctl benchmark: `types` structs with
 * every field location and tag option the generator handles, and `routes` routes over five
 * `@server` groups (prefix, jwt, timeout, middleware). Deterministic: same sizes, same text.
 */
export function syntheticApi(types: number, routes: number): string {
  const out: string[] = [
    'syntax = "v1"',
    '',
    'info (',
    '\ttitle: "bench"',
    '\tversion: "1.0.0"',
    ')',
    '',
  ];
  // Records: the types that are not requests; each may refer to an earlier one (no cycles).
  const records = Math.max(1, types - routes);
  for (let i = 0; i < records; i++) {
    out.push(`// Record ${i}.`, `type Record${i} {`);
    out.push(`\tId        int64             \`json:"id"\` // identifier`);
    out.push(`\tName      string            \`json:"name,optional"\``);
    out.push(`\tStatus    string            \`json:"status,options=open|closed,default=open"\``);
    out.push(`\tScore     float64           \`json:"score,range=[0:100]"\``);
    out.push(`\tTags      []string          \`json:"tags"\``);
    out.push(`\tCounts    map[string]int    \`json:"counts,omitempty"\``);
    if (i > 0) out.push(`\tParent    *Record${i - 1}     \`json:"parent,optional"\``);
    out.push('}', '');
  }
  for (let r = 0; r < routes; r++) {
    const rec = `Record${r % records}`;
    out.push(`type Route${r}Req {`);
    out.push(`\tTrialId   string  \`path:"trialId"\``);
    out.push(`\tPage      int     \`form:"page,default=1,range=[1:1000]"\``);
    out.push(`\tTrace     string  \`header:"X-Trace,optional"\``);
    if (r % 2) out.push(`\tBody      ${rec}  \`json:"body"\``);
    out.push('}', '');
  }
  const groups = 5;
  for (let g = 0; g < groups; g++) {
    out.push(
      '@server (',
      `\tgroup: g${g}`,
      `\tprefix: /api/v1/g${g}`,
      '\tjwt: Auth',
      '\ttimeout: 3s',
    );
    if (g === 0) out.push('\tmiddleware: Audit');
    out.push(')', 'service bench-api {');
    for (let r = g; r < routes; r += groups) {
      const method = r % 2 ? 'post' : 'get';
      out.push(
        `\t@doc "route ${r}"`,
        `\t@handler Route${r}`,
        `\t${method} /trials/:trialId/r${r} (Route${r}Req) returns (Record${r % records})`,
        '',
      );
    }
    out.push('}', '');
  }
  return out.join('\n');
}

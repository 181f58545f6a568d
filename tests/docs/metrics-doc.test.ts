// docs/metrics.md and the source agree: every metric the code declares is documented with its
// type and labels, and every documented vigil_* family (outside prom-client's process defaults)
// is declared somewhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMetricsRegistry } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { declaredMetrics, ROOT } from '../deploy/source-facts.js';

const doc = readFileSync(join(ROOT, 'docs/metrics.md'), 'utf8');

/** Rows of the doc's tables that name one metric: `| \`name\` | type | labels | … |`. */
function documented(): Map<string, { type: string; labels: string[] }> {
  const rows = new Map<string, { type: string; labels: string[] }>();
  for (const m of doc.matchAll(/^\|\s*`(vigil_[a-z0-9_]+)`\s*\|\s*(\w+)\s*\|([^|]*)\|/gm)) {
    const labels = [...m[3]!.matchAll(/`([a-z_]+)`/g)].map((l) => l[1]!);
    rows.set(m[1]!, { type: m[2]!, labels });
  }
  return rows;
}

describe('docs/metrics.md', () => {
  const declared = declaredMetrics();
  const rows = documented();

  it('documents every declared metric with its type and labels', () => {
    expect(declared.size).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const m of declared.values()) {
      const row = rows.get(m.name);
      if (!row) problems.push(`${m.name} (${m.file}) is not documented`);
      else if (row.type !== m.type)
        problems.push(`${m.name}: documented ${row.type}, is ${m.type}`);
      else if (row.labels.join() !== m.labels.join())
        problems.push(`${m.name}: documented labels [${row.labels}], declared [${m.labels}]`);
    }
    expect(problems).toEqual([]);
  });

  it('documents no family the source does not declare', async () => {
    // prom-client's process defaults are declared by the library under core's prefix.
    const defaults = new Set(
      (await createMetricsRegistry('doc-test').getMetricsAsJSON()).map((m) => m.name),
    );
    const stale = [...rows.keys()].filter((name) => !declared.has(name) && !defaults.has(name));
    expect(stale).toEqual([]);
  });

  it('states the cardinality rule', () => {
    expect(doc).toMatch(/route template.*never\s+the raw path/s);
  });
});

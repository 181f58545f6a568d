// Every `vigil_*` metric named in deploy/ (alert rules, the Grafana dashboard, scrape configs)
// must be one the source declares, with the labels its selectors use, so renaming a metric breaks
// this test instead of silently emptying a panel or an alert.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createMetricsRegistry } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { declaredMetrics, ROOT } from './source-facts.js';

const declared = declaredMetrics();
// Labels every series has or gets from the scrape: the runtime's default `service` label, and
// Prometheus' target labels (prometheus/*.yml relabelling).
const COMMON_LABELS = ['service', 'job', 'instance', 'compose_service', 'namespace', 'pod'];
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

interface Known {
  labels: string[] | undefined; // undefined: not checked (prom-client's default metrics)
}

async function knownSeries(): Promise<Map<string, Known>> {
  const known = new Map<string, Known>();
  const add = (name: string, type: string, labels: string[] | undefined) => {
    known.set(name, { labels });
    for (const s of SUFFIXES[type] ?? []) {
      known.set(`${name}${s}`, { labels: labels && s === '_bucket' ? [...labels, 'le'] : labels });
    }
  };
  for (const m of declared.values()) add(m.name, m.type, m.labels);
  // vigil_process_*: prom-client's default metrics under the prefix core's registry sets.
  const registry = createMetricsRegistry('deploy-test');
  for (const m of await registry.getMetricsAsJSON()) add(m.name, String(m.type), undefined);
  return known;
}

function deployFiles(): string[] {
  return readdirSync(join(ROOT, 'deploy'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('metric names in deploy/', () => {
  it('finds the metrics the runtime declares in the source', () => {
    for (const name of [
      'vigil_http_server_duration_seconds',
      'vigil_http_shed_total',
      'vigil_db_query_duration_seconds',
      'vigil_cache_requests_total',
      'vigil_rpc_server_duration_seconds',
    ]) {
      expect(declared.has(name), name).toBe(true);
    }
    expect(declared.get('vigil_http_server_duration_seconds')).toMatchObject({
      type: 'histogram',
      labels: ['method', 'route', 'status'],
    });
  });

  it('names only metrics and labels that exist', async () => {
    const known = await knownSeries();
    const problems: string[] = [];
    let uses = 0;
    for (const file of deployFiles()) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      for (const m of text.matchAll(/\bvigil_[a-z0-9_]+\b/g)) {
        uses++;
        if (!known.has(m[0])) problems.push(`${where}: unknown metric ${m[0]}`);
      }
      // `name{label="x", other=~"y"}`: each label must be one the metric has.
      for (const m of text.matchAll(/\b(vigil_[a-z0-9_]+)\{([^}]*)\}/g)) {
        const labels = known.get(m[1]!)?.labels;
        if (!labels) continue;
        for (const l of m[2]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) {
          if (!labels.includes(l[1]!) && !COMMON_LABELS.includes(l[1]!)) {
            problems.push(`${where}: ${m[1]} has no label "${l[1]}" (has ${labels.join(', ')})`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(uses).toBeGreaterThan(20);
  });

  it('covers what the alerts must watch: error rate, p99, queue lag, dead letters', () => {
    const alerts = readFileSync(join(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8');
    expect(alerts).toMatch(/vigil_http_server_duration_seconds_count\{status=~"5\.\."\}/);
    expect(alerts).toMatch(
      /histogram_quantile\(0\.99,[\s\S]*vigil_http_server_duration_seconds_bucket/,
    );
    expect(alerts).toContain('vigil_outbox_lag_seconds');
    expect(alerts).toContain('vigil_queue_depth{state="dead"}');
  });
});

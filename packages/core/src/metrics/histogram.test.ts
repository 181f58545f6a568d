import { Histogram as PromHistogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';
import { expositionsOf } from './testdata/expositions.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVATIONS: [string, string, number][] = [
  ['GET', '200', 0.0004],
  ['GET', '200', 0.001],
  ['GET', '200', 0.05],
  ['GET', '500', 3],
  ['POST', '201', 0.2],
];

function record(registry: Registry, make: typeof Histogram | typeof PromHistogram) {
  registry.setDefaultLabels({ service: 'test' });
  const h = new make({
    name: 'vigil_test_seconds',
    help: 'test histogram',
    labelNames: ['method', 'status'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  for (const [method, status, v] of OBSERVATIONS) h.labels(method, status).observe(v);
  return h;
}

describe('Histogram', () => {
  it('exposes exactly the text prom-client writes for the same observations', async () => {
    const [oursText, theirsText] = await expositionsOf(record, Histogram, PromHistogram);
    expect(oursText).toBe(theirsText);
  });

  it('accepts labels as an object and counts a value on a bound into that bucket', async () => {
    const registry = new Registry();
    const h = record(registry, Histogram);
    h.observe({ method: 'GET', status: '200' }, 0.01);
    const text = await registry.metrics();
    expect(text).toMatch(
      /vigil_test_seconds_bucket\{le="0.01",service="test",method="GET",status="200"\} 3/,
    );
    expect(text).toMatch(/vigil_test_seconds_count\{service="test",method="GET",status="200"\} 4/);
  });

  it('rejects a missing label and a non-finite value', () => {
    const h = new Histogram({ name: 'x', help: 'x', labelNames: ['a', 'b'], buckets: BUCKETS });
    expect(() => h.labels('only-a')).toThrow(/expected labels a, b/);
    expect(() => h.labels('a', 'b').observe(Number.NaN)).toThrow(/not a valid number/);
  });

  it('reset forgets every label set', async () => {
    const registry = new Registry();
    const h = record(registry, Histogram);
    h.reset();
    expect(await registry.metrics()).not.toMatch(/vigil_test_seconds_count/);
  });
});

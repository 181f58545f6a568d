import { Counter as PromCounter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Counter } from './counter.js';
import { expositionsOf } from './testdata/expositions.js';

function record(registry: Registry, make: typeof Counter | typeof PromCounter) {
  registry.setDefaultLabels({ service: 'test' });
  const c = new make({
    name: 'vigil_test_total',
    help: 'test counter',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  c.labels('hit').inc();
  c.labels({ result: 'hit' }).inc(2);
  c.inc({ result: 'miss' });
  c.inc({ result: 'miss' }, 0.5);
  return c;
}

describe('Counter', () => {
  it('exposes exactly the text prom-client writes for the same increments', async () => {
    const [oursText, theirsText] = await expositionsOf(record, Counter, PromCounter);
    expect(oursText).toBe(theirsText);
  });

  it('counts without labels, and refuses negative, non-finite or unlabelled increments', async () => {
    const registry = new Registry();
    const plain = new Counter({ name: 'vigil_plain_total', help: 'x', registers: [registry] });
    plain.inc();
    plain.inc(2);
    expect(await registry.metrics()).toMatch(/^vigil_plain_total 3$/m);
    expect(() => plain.inc(-1)).toThrow(/≥ 0/);
    expect(() => plain.inc(Number.NaN)).toThrow(/finite/);
    const labelled = new Counter({ name: 'y', help: 'y', labelNames: ['a'] });
    expect(() => labelled.inc()).toThrow(/expected labels a/);
  });
});

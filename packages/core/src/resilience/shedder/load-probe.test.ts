import { afterEach, describe, expect, it } from 'vitest';
import { createEventLoopLoadProbe, type SampledLoadProbe } from './load-probe.js';

const probes: SampledLoadProbe[] = [];
afterEach(() => {
  while (probes.length) probes.pop()?.stop();
});

function probe(opts: Parameters<typeof createEventLoopLoadProbe>[0]): SampledLoadProbe {
  const p = createEventLoopLoadProbe({ intervalMs: 60_000, ...opts });
  probes.push(p);
  return p;
}

describe('createEventLoopLoadProbe', () => {
  it('smooths samples with an EMA of beta 0.95 (go-zero core/stat/usage.go)', () => {
    let instant = 1000;
    const p = probe({ sample: () => instant });
    expect(p.usage()).toBe(0);
    p.refresh();
    expect(p.usage()).toBe(50); // 0·0.95 + 1000·0.05
    for (let i = 1; i < 20; i++) p.refresh();
    expect(p.usage()).toBe(Math.round(1000 * (1 - 0.95 ** 20)));
    instant = 0;
    p.refresh();
    expect(p.usage()).toBe(Math.round(1000 * (1 - 0.95 ** 20) * 0.95));
  });

  it('clamps samples into 0..1000 per-mille', () => {
    const p = probe({ sample: () => 5000, beta: 0 });
    p.refresh();
    expect(p.usage()).toBe(1000);
  });

  it('reads a busy event loop as high load and an idle one as low', async () => {
    const p = probe({ beta: 0 });
    const until = performance.now() + 150;
    while (performance.now() < until) {
      // Keep the event loop busy: this is the load being measured.
    }
    p.refresh();
    expect(p.usage()).toBeGreaterThan(600);
    // Then let the loop idle for a moment (an awaited timer, not a timing assertion).
    // Long enough that a loaded CI machine's own housekeeping in this worker stays a small share.
    await new Promise((resolve) => setTimeout(resolve, 300));
    p.refresh();
    expect(p.usage()).toBeLessThan(500);
  });
});

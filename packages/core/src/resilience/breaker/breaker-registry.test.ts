import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { BreakerRegistry } from './breaker-registry.js';
import { createNopBreaker } from './nop-breaker.js';

describe('BreakerRegistry', () => {
  it('hands out one breaker per name, built with the registry options', () => {
    const clock = createManualClock();
    const reg = new BreakerRegistry({ clock: clock.now, random: () => 0 });
    const a = reg.get('patient-rpc');
    expect(reg.get('patient-rpc')).toBe(a);
    expect(reg.get('risk-rpc')).not.toBe(a);
    expect(a.name).toBe('patient-rpc');
    expect(reg.names().sort()).toEqual(['patient-rpc', 'risk-rpc']);
    for (let i = 0; i < 6; i++) a.allow().reject(); // protection lets the first 6 through
    expect(() => a.allow()).toThrow('circuit breaker is open');
    expect(() => reg.get('risk-rpc').allow()).not.toThrow();
  });

  it('disable() swaps in a breaker that never opens', () => {
    const reg = new BreakerRegistry({ random: () => 0 });
    reg.disable('audit');
    const b = reg.get('audit');
    for (let i = 0; i < 50; i++) b.allow().reject();
    expect(() => b.allow()).not.toThrow();
  });
});

describe('createNopBreaker', () => {
  it('runs every call and reports an empty state', async () => {
    const b = createNopBreaker('x');
    await expect(b.do(() => Promise.resolve('ok'))).resolves.toBe('ok');
    await expect(b.do(() => Promise.reject(new Error('e')))).rejects.toThrow('e');
    expect(b.state()).toEqual({ requests: 0, accepts: 0, dropRatio: 0 });
  });
});

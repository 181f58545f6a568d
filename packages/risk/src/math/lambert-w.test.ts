import { describe, expect, it } from 'vitest';
import { lambertW0, lambertWm1 } from './lambert-w.js';

describe('Lambert W', () => {
  const zs0 = [-0.36787944117144, -0.3, -0.1, -1e-8, 1e-10, 0.5, 1, Math.E, 10, 1e3, 1e12, 1e300];
  it.each(zs0)('W0(%d) solves w e^w = z on the principal branch', (z) => {
    const w = lambertW0(z);
    expect(w).toBeGreaterThanOrEqual(-1);
    expect(Math.abs(w * Math.exp(w) - z)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(z)));
  });

  const zsm1 = [-0.36787944117144, -0.36, -0.3, -0.1, -1e-3, -1e-8, -1e-100];
  it.each(zsm1)('W-1(%d) solves w e^w = z on the lower branch', (z) => {
    const w = lambertWm1(z);
    expect(w).toBeLessThanOrEqual(-1);
    expect(Math.abs(w * Math.exp(w) - z)).toBeLessThanOrEqual(1e-13 * Math.abs(z));
  });

  it('knows the special values and is NaN outside the domain', () => {
    expect(lambertW0(0)).toBe(0);
    expect(lambertW0(Math.E)).toBeCloseTo(1, 15);
    expect(lambertW0(-Math.exp(-1))).toBe(-1);
    expect(lambertWm1(-Math.exp(-1))).toBe(-1);
    expect(lambertW0(-1)).toBeNaN();
    expect(lambertWm1(0.5)).toBeNaN();
    expect(lambertWm1(0)).toBeNaN();
  });
});

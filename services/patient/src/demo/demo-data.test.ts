import { describe, expect, it } from 'vitest';
import { validatePatient } from '../domain/patient-rules.js';
import { DEMO_SITES, demoPatients } from './demo-data.js';

const NOW = Date.UTC(2025, 5, 1, 12);

describe('demo patients', () => {
  const patients = demoPatients(NOW);

  it('are 40 per site with ids P-S01-001 … P-S05-040', () => {
    expect(patients).toHaveLength(200);
    expect(patients[0]!.id).toBe('P-S01-001');
    expect(patients[199]!.id).toBe('P-S05-040');
    expect(new Set(patients.map((p) => p.id)).size).toBe(200);
    for (const site of DEMO_SITES) {
      expect(patients.filter((p) => p.siteId === site.id)).toHaveLength(40);
    }
  });

  it('are the same on every run, apart from dates that follow the clock', () => {
    const later = demoPatients(NOW + 86_400_000);
    const identity = (list: typeof patients) =>
      list.map(({ id, name, mobile, status }) => [id, name, mobile, status]);
    expect(identity(later)).toEqual(identity(patients));
    expect(later[0]!.enrolledAt! - patients[0]!.enrolledAt!).toBe(86_400_000);
  });

  it("start with the seed article's 张三 and mix Chinese and Western names", () => {
    expect(patients[0]).toMatchObject({ name: '张三', mobile: '13812341234', status: 'enrolled' });
    const western = patients.filter((p) => /^[A-Z][a-zà-ü']+ [A-Z]/u.test(p.name));
    expect(western.length).toBeGreaterThan(5);
    expect(western.length).toBeLessThan(50);
    expect(patients.every((p) => /^1[3-9]\d{9}$/.test(p.mobile))).toBe(true);
  });

  it('are valid records with every status and a dropout outlier at S04', () => {
    for (const p of patients) validatePatient(p, NOW);
    const statuses = new Set(patients.map((p) => p.status));
    expect([...statuses].sort()).toEqual(['completed', 'enrolled', 'screening', 'withdrawn']);
    const withdrawn = (site: string) =>
      patients.filter((p) => p.siteId === site && p.status === 'withdrawn').length;
    expect(withdrawn('S04')).toBeGreaterThan(Math.max(withdrawn('S01'), withdrawn('S02')));
    expect(patients.every((p) => p.createdAt <= (p.enrolledAt ?? p.createdAt))).toBe(true);
    expect(patients.every((p) => p.createdAt < NOW)).toBe(true);
  });
});

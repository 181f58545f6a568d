import { describe, expect, it } from 'vitest';
import { authorizeBatch, batchProblems, MAX_BATCH, type BatchRow } from './batch-rules.js';
import { normalizeSchedule } from './schedule-rules.js';

const NOW = Date.parse('2025-02-01T02:00:00Z');
const row = (over: Partial<BatchRow> = {}): BatchRow => ({
  trialId: 'VIG-001',
  siteId: 'S01',
  name: '张三',
  mobile: '13812341234',
  ...over,
});
const coordinator = { sub: 'c', roles: ['coordinator'], sites: ['S01'], patientId: undefined };

describe('batchProblems', () => {
  it('lists every bad row by index and field', () => {
    expect(
      batchProblems(
        [
          row(),
          row({ mobile: 'call me' }),
          row({ name: ' ', id: 'P-1' }),
          row({ id: 'P-1', enrolledAt: NOW + 3 * 86_400_000 }),
        ],
        NOW,
      ),
    ).toEqual([
      { field: 'patients[1].mobile', reason: expect.stringContaining('phone number') },
      { field: 'patients[2].name', reason: 'must be 1 to 200 characters' },
      { field: 'patients[3].id', reason: 'repeats patients[2].id' },
      { field: 'patients[3].enrolledAt', reason: 'must not be in the future' },
    ]);
  });

  it('refuses an empty batch and one over the limit', () => {
    expect(batchProblems([], NOW)).toEqual([{ field: 'patients', reason: 'at least one patient' }]);
    const many = Array.from({ length: MAX_BATCH + 1 }, () => row());
    expect(batchProblems(many, NOW)[0]).toMatchObject({ field: 'patients' });
    expect(batchProblems(many.slice(1), NOW)).toEqual([]);
  });
});

describe('authorizeBatch', () => {
  it('gives the site role of each row, and refuses rows at other sites naming them', () => {
    expect(authorizeBatch(coordinator, [row(), row()])).toEqual(['coordinator', 'coordinator']);
    try {
      authorizeBatch(coordinator, [row(), row({ siteId: 'S02' })]);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'FORBIDDEN',
        details: [{ field: 'patients[1].siteId', reason: 'not one of your sites' }],
      });
    }
    expect(() =>
      authorizeBatch({ ...coordinator, roles: ['monitor'], sites: [] }, [row()]),
    ).toThrow(/Only investigators and coordinators/);
  });
});

describe('normalizeSchedule', () => {
  it('trims names and lists every problem', () => {
    expect(
      normalizeSchedule([{ name: ' Baseline ', dayOffset: 7, windowBefore: 2, windowAfter: 2 }]),
    ).toEqual([{ name: 'Baseline', dayOffset: 7, windowBefore: 2, windowAfter: 2 }]);
    try {
      normalizeSchedule([
        { name: 'V', dayOffset: 0, windowBefore: 0, windowAfter: 0 },
        { name: 'v', dayOffset: 4000, windowBefore: 0, windowAfter: -1 },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [
          { field: 'visits[1].name', reason: 'duplicate visit name "v"' },
          { field: 'visits[1].dayOffset' },
          { field: 'visits[1].windowAfter' },
        ],
      });
    }
  });
});

import { isAppError } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  auditValue,
  changedFields,
  validatePatient,
  type PatientRecord,
} from './patient-rules.js';

const NOW = Date.UTC(2025, 5, 1);
const base: PatientRecord = {
  id: 'P-S01-001',
  trialId: 'VIG-001',
  siteId: 'S01',
  name: '张三',
  mobile: '13812341234',
  status: 'enrolled',
  enrolledAt: NOW - 86_400_000,
  createdAt: NOW - 2 * 86_400_000,
  updatedAt: NOW - 86_400_000,
  version: 1,
};

function fieldsRejected(record: PatientRecord): string[] {
  try {
    validatePatient(record, NOW);
    return [];
  } catch (err) {
    if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
    return (err.details ?? []).map((d) => d.field);
  }
}

describe('validatePatient', () => {
  it('accepts a valid record', () => {
    expect(fieldsRejected(base)).toEqual([]);
    expect(fieldsRejected({ ...base, mobile: '+86 138-1234-1234' })).toEqual([]);
  });

  it('lists every bad field', () => {
    expect(
      fieldsRejected({ ...base, id: '-x', name: ' ', mobile: 'call me', status: 'lost' as never }),
    ).toEqual(['id', 'name', 'mobile', 'status']);
  });

  it('ties the enrolment date to the status and refuses future dates', () => {
    expect(fieldsRejected({ ...base, status: 'screening' })).toEqual(['enrolledAt']);
    expect(fieldsRejected({ ...base, status: 'withdrawn', enrolledAt: null })).toEqual([
      'enrolledAt',
    ]);
    expect(fieldsRejected({ ...base, enrolledAt: NOW + 2 * 86_400_000 })).toEqual(['enrolledAt']);
    expect(fieldsRejected({ ...base, enrolledAt: NOW + 3_600_000 })).toEqual([]);
    // Before 1970 is a typing error (and beyond what a timestamp column holds).
    expect(fieldsRejected({ ...base, enrolledAt: -8_000_000_000_000 })).toEqual(['enrolledAt']);
    expect(fieldsRejected({ ...base, enrolledAt: -1 })).toEqual(['enrolledAt']);
  });

  it('wants a readable name and a mobile that fits its column with enough digits', () => {
    for (const name of ['\u200b', '---', 'Ann\u0007', 'A\nB', 'X\u001bY']) {
      expect(fieldsRejected({ ...base, name }), JSON.stringify(name)).toEqual(['name']);
    }
    for (const name of ["O'Brien-Smith", '张三', 'José María', 'Nguyễn Văn A', 'R2']) {
      expect(fieldsRejected({ ...base, name }), name).toEqual([]);
    }
    for (const mobile of ['1-----2', '12 34 5', '+1234567890123456789012345678901234']) {
      expect(fieldsRejected({ ...base, mobile }), mobile).toEqual(['mobile']);
    }
    // 32 characters, the column's width, is the longest accepted.
    expect(fieldsRejected({ ...base, mobile: '+' + '1'.repeat(31) })).toEqual([]);
    expect(fieldsRejected({ ...base, mobile: '1234567' })).toEqual([]);
  });
});

describe('applyChanges', () => {
  it('enrols now when a screening patient becomes enrolled without a date', () => {
    const screening = { ...base, status: 'screening' as const, enrolledAt: null };
    expect(applyChanges(screening, { status: 'enrolled' }, NOW)).toMatchObject({
      status: 'enrolled',
      enrolledAt: NOW,
    });
  });

  it('clears the date when going back to screening, keeps a given date', () => {
    expect(applyChanges(base, { status: 'screening' }, NOW).enrolledAt).toBeNull();
    expect(applyChanges(base, { enrolledAt: NOW - 5 }, NOW).enrolledAt).toBe(NOW - 5);
  });

  it('trims text and reports only fields whose value changed', () => {
    const next = applyChanges(base, { name: ' 张三 ', mobile: '13900001111 ', siteId: 'S02' }, NOW);
    expect(next).toMatchObject({ name: '张三', mobile: '13900001111', siteId: 'S02' });
    expect(changedFields(base, next)).toEqual(['siteId', 'mobile']);
  });
});

describe('auditValue', () => {
  it('writes dates as ISO-8601 UTC and keeps null', () => {
    expect(auditValue(base, 'enrolledAt')).toBe('2025-05-31T00:00:00.000Z');
    expect(auditValue({ ...base, enrolledAt: null }, 'enrolledAt')).toBeNull();
    expect(auditValue(base, 'mobile')).toBe('13812341234');
  });
});

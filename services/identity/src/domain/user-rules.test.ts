import type { AppError } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { checkRoles, checkSites, checkUsername, normalizeUsername } from './user-rules.js';

function details(fn: () => unknown) {
  try {
    fn();
    return [];
  } catch (err) {
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    return (err as AppError).details?.map((d) => d.field) ?? [];
  }
}

describe('user rules', () => {
  it('normalizes usernames so case and width variants are one account', () => {
    expect(normalizeUsername('  Admin ')).toBe('admin');
    expect(normalizeUsername('ＡＤＭＩＮ')).toBe('admin'); // full-width letters (NFKC)
  });

  it('accepts plain usernames and rejects odd ones', () => {
    expect(details(() => checkUsername('inv.s01_a-b'))).toEqual([]);
    for (const bad of ['ab', '-lead', 'has space', 'ünï', 'x'.repeat(65)]) {
      expect(details(() => checkUsername(bad))).toEqual(['username']);
    }
  });

  it('sorts and deduplicates roles and sites', () => {
    expect(checkRoles(['monitor', 'admin', 'monitor'], undefined)).toEqual(['admin', 'monitor']);
    expect(checkSites(['S02', 'S01', 'S02'])).toEqual(['S01', 'S02']);
    expect(details(() => checkSites(['S 01']))).toEqual(['sites']);
  });

  it('requires a known, non-empty role set', () => {
    expect(details(() => checkRoles([], undefined))).toEqual(['roles']);
    expect(details(() => checkRoles(['root'], undefined))).toEqual(['roles']);
  });

  it('keeps the patient role alone and tied to a patient id', () => {
    expect(checkRoles(['patient'], 'P-S01-0001')).toEqual(['patient']);
    expect(details(() => checkRoles(['patient'], undefined))).toEqual(['patientId']);
    expect(details(() => checkRoles(['patient', 'investigator'], 'P1'))).toEqual(['roles']);
    expect(details(() => checkRoles(['investigator'], 'P1'))).toEqual(['patientId']);
    expect(details(() => checkRoles(['patient'], 'P 1'))).toEqual(['patientId']);
  });
});

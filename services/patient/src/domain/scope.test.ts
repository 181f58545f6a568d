import { isAppError, type AuthClaims } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import {
  authorizeAuditRead,
  authorizeCreate,
  authorizeUpdate,
  listScope,
  patientVisibility,
  principalFromClaims,
  siteVisible,
  type Principal,
} from './scope.js';

function who(roles: string[], sites: string[] = [], patientId?: string): Principal {
  return { sub: 'u1', roles, sites, patientId };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return isAppError(err) ? err.code : 'not an AppError';
  }
}

const p1 = { id: 'P-S01-001', siteId: 'S01' };

describe('patient visibility', () => {
  it('shows site staff their own sites in full and hides other sites', () => {
    for (const role of ['investigator', 'coordinator']) {
      expect(patientVisibility(who([role], ['S01']), p1)).toBe('full');
      expect(patientVisibility(who([role], ['S02']), p1)).toBe('hidden');
    }
  });

  it('shows admins and monitors every site, masked', () => {
    expect(patientVisibility(who(['admin']), p1)).toBe('masked');
    expect(patientVisibility(who(['monitor']), p1)).toBe('masked');
  });

  it('shows a patient only their own record', () => {
    expect(patientVisibility(who(['patient'], [], 'P-S01-001'), p1)).toBe('full');
    expect(patientVisibility(who(['patient'], [], 'P-S01-002'), p1)).toBe('hidden');
    // The patientId claim means nothing without the patient role.
    expect(patientVisibility(who([], [], 'P-S01-001'), p1)).toBe('hidden');
  });

  it('takes the most open view of several roles, and grants nothing to unknown roles', () => {
    expect(patientVisibility(who(['monitor', 'investigator'], ['S01']), p1)).toBe('full');
    expect(patientVisibility(who(['monitor', 'investigator'], ['S02']), p1)).toBe('masked');
    expect(patientVisibility(who(['superuser'], ['S01']), p1)).toBe('hidden');
  });
});

describe('list scope', () => {
  it('is every site for admins and monitors, own sites or own record otherwise', () => {
    expect(listScope(who(['monitor']))).toEqual({ allSites: true, siteIds: [], patientIds: [] });
    expect(listScope(who(['investigator'], ['S01', 'S01', 'S02']))).toEqual({
      allSites: false,
      siteIds: ['S01', 'S02'],
      patientIds: [],
    });
    expect(listScope(who(['patient'], ['S01'], 'P-S01-001'))).toEqual({
      allSites: false,
      siteIds: [],
      patientIds: ['P-S01-001'],
    });
    expect(listScope(who([]))).toEqual({ allSites: false, siteIds: [], patientIds: [] });
  });

  it('lists a site to its staff and to its own patient', () => {
    expect(siteVisible(who(['coordinator'], ['S02']), 'S02')).toBe(true);
    expect(siteVisible(who(['coordinator'], ['S02']), 'S01')).toBe(false);
    expect(siteVisible(who(['patient'], [], 'P-S01-001'), 'S01', 'S01')).toBe(true);
    expect(siteVisible(who(['admin']), 'S05')).toBe(true);
  });
});

describe('write and audit authorization', () => {
  it('lets site staff create and update at their sites only', () => {
    expect(authorizeCreate(who(['coordinator'], ['S01']), 'S01')).toBe('coordinator');
    expect(codeOf(() => authorizeCreate(who(['investigator'], ['S02']), 'S01'))).toBe('FORBIDDEN');
    expect(codeOf(() => authorizeCreate(who(['admin']), 'S01'))).toBe('FORBIDDEN');
    expect(authorizeUpdate(who(['investigator'], ['S01']), p1)).toBe('investigator');
  });

  it('answers not found to callers who cannot see the patient, forbidden to readers', () => {
    expect(codeOf(() => authorizeUpdate(who(['investigator'], ['S02']), p1))).toBe(
      'PATIENT_NOT_FOUND',
    );
    expect(codeOf(() => authorizeUpdate(who(['monitor']), p1))).toBe('FORBIDDEN');
    expect(codeOf(() => authorizeUpdate(who(['patient'], [], 'P-S01-001'), p1))).toBe('FORBIDDEN');
  });

  it('needs a site role at the receiving site for a transfer', () => {
    expect(authorizeUpdate(who(['investigator'], ['S01', 'S02']), p1, 'S02')).toBe('investigator');
    expect(codeOf(() => authorizeUpdate(who(['investigator'], ['S01']), p1, 'S02'))).toBe(
      'FORBIDDEN',
    );
  });

  it('shows the audit trail to site staff in full and to monitors masked', () => {
    expect(authorizeAuditRead(who(['investigator'], ['S01']), p1)).toBe('full');
    expect(authorizeAuditRead(who(['monitor']), p1)).toBe('masked');
    expect(authorizeAuditRead(who(['admin']), p1)).toBe('masked');
    expect(codeOf(() => authorizeAuditRead(who(['patient'], [], 'P-S01-001'), p1))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(() => authorizeAuditRead(who(['coordinator'], ['S03']), p1))).toBe(
      'PATIENT_NOT_FOUND',
    );
  });
});

describe('principalFromClaims', () => {
  it('reads the patientId custom claim', () => {
    const claims: AuthClaims = {
      sub: 'u9',
      roles: ['patient'],
      sites: [],
      claims: { sub: 'u9', patientId: 'P-S01-001' },
    };
    expect(principalFromClaims(claims)).toEqual({
      sub: 'u9',
      roles: ['patient'],
      sites: [],
      patientId: 'P-S01-001',
    });
    expect(principalFromClaims({ ...claims, claims: { patientId: 7 } }).patientId).toBeUndefined();
  });
});

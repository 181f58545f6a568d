import type { AuthClaims } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { maskRecipient, planVisibility } from './access.js';
import { renderReminder, siteEmail } from './messages.js';

const claims = (roles: string[], sites: string[] = [], patientId?: string): AuthClaims => ({
  sub: 'u1',
  roles,
  sites,
  claims: patientId ? { patientId } : {},
});
const PLAN = { patientId: 'P-S01-001', siteId: 'S01' };

describe('planVisibility', () => {
  it('applies the site scope of the patient service', () => {
    expect(planVisibility(claims(['coordinator'], ['S01']), PLAN)).toBe('full');
    expect(planVisibility(claims(['investigator'], ['S02']), PLAN)).toBe('hidden');
    expect(planVisibility(claims(['monitor']), PLAN)).toBe('masked');
    expect(planVisibility(claims(['admin']), PLAN)).toBe('masked');
    expect(planVisibility(claims(['patient'], [], 'P-S01-001'), PLAN)).toBe('full');
    expect(planVisibility(claims(['patient'], [], 'P-S01-002'), PLAN)).toBe('hidden');
    expect(planVisibility(claims(['auditor'], ['S01']), PLAN)).toBe('hidden');
  });
});

describe('messages', () => {
  const visit = {
    seq: 2,
    name: 'Week 4',
    dayOffset: 28,
    dueDate: '2025-03-01',
    windowStart: '2025-02-26',
    windowEnd: '2025-03-04',
  };
  const facts = { patientId: 'P-S01-001', trialId: 'VIG-001', siteId: 'S01', visit };

  it('texts the patient the visit and window, and e-mails the site team by study id', () => {
    expect(renderReminder('sms', facts)).toEqual({
      subject: '',
      body: '[VIG-001] Reminder: your Week 4 visit is due on 2025-03-01 (window 2025-02-26 to 2025-03-04). Please contact your study site to confirm.',
    });
    expect(renderReminder('email', facts).subject).toBe(
      'P-S01-001: Week 4 window opens 2025-02-26',
    );
    expect(siteEmail('site-{siteId}@example.org', 'S01')).toBe('site-s01@example.org');
  });

  it('masks a mobile number and an address for callers who may not see contact details', () => {
    expect(maskRecipient('13812341234')).toBe('138****1234');
    expect(maskRecipient('site-s01@example.org')).toBe('s***@example.org');
  });
});

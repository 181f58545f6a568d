import type { PatientRecord, PatientStatus } from '../domain/patient-rules.js';
import {
  CHINESE_GIVEN_NAMES,
  CHINESE_SURNAMES,
  MOBILE_PREFIXES,
  WESTERN_FAMILY_NAMES,
  WESTERN_GIVEN_NAMES,
} from './names.js';
import { mulberry32, pick } from './prng.js';

/** The demo trial. */
export const DEMO_TRIAL = {
  id: 'VIG-001',
  name: 'VGL-101 versus placebo in adults with type 2 diabetes (phase III)',
  timeZone: 'Asia/Shanghai',
  status: 'active',
} as const;

/** The demo sites, with the day (before seeding) each started enrolling. */
export const DEMO_SITES = [
  { id: 'S01', name: '上海市第一人民医院', city: 'Shanghai', activatedDaysAgo: 200 },
  { id: 'S02', name: '北京协和医院', city: 'Beijing', activatedDaysAgo: 190 },
  { id: 'S03', name: '中山大学附属第一医院', city: 'Guangzhou', activatedDaysAgo: 175 },
  { id: 'S04', name: '四川大学华西医院', city: 'Chengdu', activatedDaysAgo: 165 },
  { id: 'S05', name: '浙江大学医学院附属第一医院', city: 'Hangzhou', activatedDaysAgo: 130 },
] as const;

/** Patients per demo site. */
export const DEMO_PATIENTS_PER_SITE = 40;

/** `P-S01-001`: the id the demo (and the site numbering) gives patient `n` of a site. */
export function demoPatientId(siteId: string, n: number): string {
  return `P-${siteId}-${String(n).padStart(3, '0')}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Fixed seed: the same names and numbers on every machine (identity's demo user relies on it).
const SEED = 0x5eed_0001;
// S04 loses patients three times as often: the dropout KRI has an outlier to flag.
const WITHDRAWAL_RATE: Record<string, number> = { S04: 0.3 };

function demoName(random: () => number, siteId: string): string {
  // Shanghai and Guangzhou see more expatriate patients.
  const westernShare = siteId === 'S01' || siteId === 'S03' ? 0.2 : 0.05;
  if (random() < westernShare) {
    return `${pick(random, WESTERN_GIVEN_NAMES)} ${pick(random, WESTERN_FAMILY_NAMES)}`;
  }
  return pick(random, CHINESE_SURNAMES) + pick(random, CHINESE_GIVEN_NAMES);
}

function demoMobile(random: () => number): string {
  let digits = '';
  for (let i = 0; i < 8; i++) digits += String(Math.floor(random() * 10));
  return pick(random, MOBILE_PREFIXES) + digits;
}

/**
 * The 200 demo patients. Ids, names, mobiles and statuses are the same on every run; dates are
 * relative to `nowMs` so the demo always looks current. The first patient is the seed article's
 * 张三 (13812341234, shown masked as 138****1234), linked to identity's demo `patient` user.
 */
export function demoPatients(nowMs: number): PatientRecord[] {
  const random = mulberry32(SEED);
  const out: PatientRecord[] = [];
  for (const site of DEMO_SITES) {
    const span = site.activatedDaysAgo - 10;
    for (let n = 1; n <= DEMO_PATIENTS_PER_SITE; n++) {
      let name = demoName(random, site.id);
      let mobile = demoMobile(random);
      const roll = random();
      const jitterMs = Math.floor(random() * 8 * 60 * 60 * 1000);
      if (site.id === 'S01' && n === 1) {
        name = '张三';
        mobile = '13812341234';
      }
      const withdrawal = WITHDRAWAL_RATE[site.id] ?? 0.08;
      // The newest three of each site are still screening; the rest spread over the site's
      // enrolment period, in id order.
      let status: PatientStatus = 'enrolled';
      if (n > DEMO_PATIENTS_PER_SITE - 3) status = 'screening';
      else if (n > 1 && roll < withdrawal) status = 'withdrawn';
      else if (n > 1 && roll < withdrawal + 0.12) status = 'completed';
      const daysAgo = site.activatedDaysAgo - Math.floor(((n - 1) * span) / DEMO_PATIENTS_PER_SITE);
      // 01:00 UTC = 09:00 in Shanghai: site staff enrol during the working day.
      const dayStart = Math.floor((nowMs - daysAgo * DAY_MS) / DAY_MS) * DAY_MS + DAY_MS / 24;
      const enrolledAt = status === 'screening' ? null : dayStart + jitterMs;
      const createdAt =
        status === 'screening'
          ? nowMs - (DEMO_PATIENTS_PER_SITE + 1 - n) * DAY_MS - jitterMs
          : dayStart - 7 * DAY_MS + jitterMs;
      out.push({
        id: demoPatientId(site.id, n),
        trialId: DEMO_TRIAL.id,
        siteId: site.id,
        name,
        mobile,
        status,
        enrolledAt,
        createdAt,
        updatedAt: enrolledAt ?? createdAt,
        version: 1,
      });
    }
  }
  return out;
}

import { buildPlan, insertPlan } from '@vigil/followup';
import { batchProblems, DEMO_SCHEDULE, patientEnrolledEvent, type BatchRow } from '@vigil/patient';
import type { BenchDatabases } from './setup.js';

const RULES = [
  { channel: 'sms' as const, daysBeforeWindow: 1, at: '09:00' },
  { channel: 'email' as const, daysBeforeWindow: 1, at: '08:00' },
];
const ACTOR = { sub: 'bench', roles: [] as never[] };

/**
 * What POST /patients/batch does for 100 rows in Vigil (seed step 6, "after"): check every row,
 * then one transaction with the patients, their audit entries and one outbox event each.
 */
export async function enrolAsync(dbs: BenchDatabases, rows: BatchRow[], nowMs: number) {
  if (batchProblems(rows, nowMs).length > 0) throw new Error('invalid bench rows');
  const roles = rows.map(() => 'coordinator' as const);
  return dbs.enrollment.enrollBatch(rows, { ...ACTOR, roles }, nowMs);
}

/**
 * The seed's "before": the same request, then each patient's visit plan computed and written
 * (plan, visits, reminders; one transaction per patient, as a handler looping over patients
 * does) before answering. The outbox insert stays in both variants, so the difference is the
 * plan work alone.
 */
export async function enrolInline(dbs: BenchDatabases, rows: BatchRow[], nowMs: number) {
  const ids = await enrolAsync(dbs, rows, nowMs);
  for (const [i, id] of ids.entries()) {
    const row = rows[i]!;
    const event = patientEnrolledEvent(
      {
        patientId: id,
        trialId: row.trialId,
        siteId: row.siteId,
        enrolledAtMs: row.enrolledAt ?? nowMs,
        mobile: row.mobile,
      },
      { timeZone: 'Asia/Shanghai', schedule: DEMO_SCHEDULE },
    );
    const plan = buildPlan(
      `inline:${id}`,
      event.payload,
      { rules: RULES, siteEmailTemplate: 'site-{siteId}@sites.vigil.local' },
      nowMs,
    );
    await dbs.followup.transaction((trx) =>
      insertPlan(trx, dbs.followup.dialect, plan, new Date(nowMs)),
    );
  }
  return ids;
}

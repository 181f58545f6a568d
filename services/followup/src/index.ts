export { PATIENT_ENROLLED, PatientEnrolledSchema } from './events/patient-enrolled.js';
export type { PatientEnrolled } from './events/patient-enrolled.js';
export { computePlan, todayIn, visitStatus } from './domain/plan.js';
export type { PlanInput, PlannedVisit, VisitStatus } from './domain/plan.js';
export type { ScheduleVisit } from './domain/schedule.js';
export { FOLLOWUP_MIGRATIONS_DIR } from './migrations.js';
export type { FollowupDb } from './model/schema.js';
export { buildPlan } from './worker/plan-handler.js';
export { FOLLOWUP_QUEUE, PLAN_CONSUMER } from './worker/worker.js';

import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '@vigil/core';

/** The topic patient publishes when a patient is enrolled (through its outbox). */
export const PATIENT_ENROLLED = 'patient.enrolled';

/**
 * The `patient.enrolled` payload (version 1): everything the worker needs to plan the visits,
 * so it never calls the patient service while handling an event. Patient's batch enrolment
 * writes it in the same transaction as the patient rows. Unknown extra fields are allowed, so
 * the producer may add some before consumers read them.
 */
export const PatientEnrolledSchema = Type.Object({
  v: Type.Literal(1),
  patientId: Type.String({ minLength: 1, maxLength: 32 }),
  trialId: Type.String({ minLength: 1, maxLength: 32 }),
  siteId: Type.String({ minLength: 1, maxLength: 32 }),
  /** ISO-8601 instant (UTC). */
  enrolledAt: Type.String({ minLength: 1 }),
  /** IANA zone of the trial: visit days are dates there. */
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  schedule: Type.Array(
    Type.Object({
      name: Type.String(),
      dayOffset: Type.Integer(),
      windowBefore: Type.Integer(),
      windowAfter: Type.Integer(),
    }),
  ),
  /** The patient's mobile for SMS reminders; personal data, never logged. */
  mobile: Type.Optional(Type.String({ maxLength: 32 })),
});

/** A `patient.enrolled` payload. */
export type PatientEnrolled = Static<typeof PatientEnrolledSchema>;

/** The payload checked against the schema; `VALIDATION_FAILED` naming the first bad field. */
export function parsePatientEnrolled(payload: unknown): PatientEnrolled & { enrolledAtMs: number } {
  const first = Value.Errors(PatientEnrolledSchema, payload).First();
  if (first) {
    throw new AppError('VALIDATION_FAILED', `invalid patient.enrolled event at ${first.path}`, {
      details: [{ field: first.path, reason: first.message }],
    });
  }
  const event = payload as PatientEnrolled;
  const enrolledAtMs = Date.parse(event.enrolledAt);
  if (Number.isNaN(enrolledAtMs)) {
    throw new AppError('VALIDATION_FAILED', 'invalid patient.enrolled event: enrolledAt', {
      details: [{ field: '/enrolledAt', reason: 'an ISO-8601 instant' }],
    });
  }
  return { ...event, enrolledAtMs };
}

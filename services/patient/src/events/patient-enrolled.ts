import type { NewEvent } from '@vigil/core';
import type { ScheduleVisit } from '../domain/schedule-rules.js';

/** The topic of an enrolment (the follow-up worker consumes it). */
export const PATIENT_ENROLLED = 'patient.enrolled';

/**
 * The `patient.enrolled` payload, version 1 — the contract with the follow-up worker
 * (services/followup/src/events/patient-enrolled.ts validates it): everything needed to plan
 * the patient's visits, so the worker never calls this service. `mobile` is for SMS reminders:
 * personal data, carried only on the internal queue and never logged.
 */
export interface PatientEnrolledV1 {
  readonly v: 1;
  readonly patientId: string;
  readonly trialId: string;
  readonly siteId: string;
  /** ISO-8601 UTC instant. */
  readonly enrolledAt: string;
  /** The trial's IANA time zone. */
  readonly timeZone: string;
  /** The trial's schedule when the patient was enrolled. */
  readonly schedule: readonly ScheduleVisit[];
  readonly mobile: string;
}

/** The enrolment facts an event is made of. */
export interface EnrolmentFacts {
  readonly patientId: string;
  readonly trialId: string;
  readonly siteId: string;
  readonly enrolledAtMs: number;
  readonly mobile: string;
}

/**
 * The id of a patient's enrolment event, derived from the patient: writing it twice fails on
 * the outbox's primary key and consumers deduplicate on it.
 */
export function enrolledEventId(patientId: string): string {
  return `enrolled:${patientId}`;
}

/** The outbox event of one enrolment (id: {@link enrolledEventId}). */
export function patientEnrolledEvent(
  facts: EnrolmentFacts,
  trial: { timeZone: string; schedule: readonly ScheduleVisit[] },
): NewEvent<PatientEnrolledV1> {
  return {
    id: enrolledEventId(facts.patientId),
    topic: PATIENT_ENROLLED,
    payload: {
      v: 1,
      patientId: facts.patientId,
      trialId: facts.trialId,
      siteId: facts.siteId,
      enrolledAt: new Date(facts.enrolledAtMs).toISOString(),
      timeZone: trial.timeZone,
      schedule: trial.schedule,
      mobile: facts.mobile,
    },
  };
}

// Safe to edit. The one patient the seed's logic knows (patient.api step 3: id 12345), shared by
// the HTTP and gRPC logic until the patient model (database) replaces it.
import type { Patient } from '../types.gen.js';

/** Patients by id; ids not listed answer PATIENT_NOT_FOUND. */
export const KNOWN_PATIENTS: ReadonlyMap<string, Patient> = new Map([
  [
    '12345',
    {
      id: '12345',
      name: '张三',
      // Masked at the source, as the seed does: the full number never leaves the service.
      mobile: '138****1234',
      trialId: 'TRIAL-001',
      createdAt: 1672531200,
    },
  ],
]);

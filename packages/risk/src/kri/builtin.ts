import type { KriDefinition } from './definition.js';
import { defineKri, type KriInput } from './validate.js';

type Row = [
  id: string,
  abbr: string,
  name: string,
  num: string,
  den: string,
  type: 'rate' | 'binary',
  thresholds: string,
  minN: number,
];

/**
 * The 12 standard site-level KRIs of gsm v2.2.3 `reportingMetrics.csv` (all normal approximation),
 * copied field by field; a test checks them against the CSV.
 */
const GSM_KRIS: readonly Row[] = [
  [
    'kri0001',
    'AE',
    'Adverse Event Rate',
    'Adverse Events',
    'Days on Study',
    'rate',
    '-2,-1,2,3',
    30,
  ],
  [
    'kri0002',
    'SAE',
    'Serious Adverse Event Rate',
    'Serious Adverse Events',
    'Days on Study',
    'rate',
    '-2,-1,2,3',
    30,
  ],
  [
    'kri0003',
    'PD',
    'Non-Important Protocol Deviation Rate',
    'Non-Important Protocol Deviations',
    'Days on Study',
    'rate',
    '-3,-2,2,3',
    30,
  ],
  [
    'kri0004',
    'PD',
    'Important Protocol Deviation Rate',
    'Important Protocol Deviations',
    'Days on Study',
    'rate',
    '-3,-2,2,3',
    30,
  ],
  [
    'kri0005',
    'LB',
    'Grade 3+ Lab Abnormality Rate',
    'Grade 3+ Abnormal Labs Samples',
    'Total Lab Samples',
    'binary',
    '-3,-2,2,3',
    30,
  ],
  [
    'kri0006',
    'SDSC',
    'Study Discontinuation Rate',
    'Subjects Discontinued - Study',
    'Enrolled Subjects',
    'binary',
    '-3,-2,2,3',
    3,
  ],
  [
    'kri0007',
    'TDSC',
    'Treatment Discontinuation Rate',
    'Subjects Discontinued - Treatment',
    'Enrolled Subjects',
    'binary',
    '-3,-2,2,3',
    3,
  ],
  ['kri0008', 'QRY', 'Query Rate', 'Queries', 'Total Data Points', 'rate', '-3,-2,2,3', 30],
  [
    'kri0009',
    'OQRY',
    'Outstanding Query Rate',
    'Queries Open > 30 Days',
    'Total Queries',
    'binary',
    '-3,-2,2,3',
    30,
  ],
  [
    'kri0010',
    'ODAT',
    'Outstanding Data Entry Rate',
    'Data Pages Entered > 10 Days',
    'Total Data Pages',
    'binary',
    '-3,-2,2,3',
    30,
  ],
  [
    'kri0011',
    'CDAT',
    'Data Change Rate',
    'Data Points with 1+ Change',
    'Total Data Points',
    'binary',
    '-3,-2,2,3',
    30,
  ],
  [
    'kri0012',
    'SF',
    'Screen Failure Rate',
    'Screen Failures',
    'Screened Subjects',
    'binary',
    '-3,-2,2,3',
    3,
  ],
];

/**
 * Vigil's own KRIs. ePRO compliance: questionnaires submitted / due (a low score is the risk: patients
 * not reporting). Visit timeliness: visits done outside their window / visits done. Both are
 * proportions, so binary normal approximation with gsm's -3,-2,2,3; minimum denominators are the
 * counts below which one event moves the proportion by more than ~3-10 percentage points.
 */
const VIGIL_KRIS: readonly Row[] = [
  [
    'vkri0001',
    'EPRO',
    'ePRO Compliance Rate',
    'Questionnaires Submitted',
    'Questionnaires Due',
    'binary',
    '-3,-2,2,3',
    30,
  ],
  [
    'vkri0002',
    'VISW',
    'Out-of-Window Visit Rate',
    'Visits Outside Window',
    'Visits Done',
    'binary',
    '-3,-2,2,3',
    10,
  ],
];

function toDefinition([
  id,
  abbreviation,
  name,
  numerator,
  denominator,
  type,
  thresholds,
  minN,
]: Row): KriDefinition {
  const input: KriInput = {
    id,
    abbreviation,
    name,
    numerator,
    denominator,
    type,
    method: 'normal',
    thresholds,
    minN,
  };
  return defineKri(input, `built-in ${id}`);
}

/** Built-in KRIs by id: gsm's kri0001..kri0012, then Vigil's vkri0001 (ePRO) and vkri0002 (visits). */
export const BUILTIN_KRIS: ReadonlyMap<string, KriDefinition> = new Map(
  [...GSM_KRIS, ...VIGIL_KRIS].map((row) => [row[0], toDefinition(row)]),
);

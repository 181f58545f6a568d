import type { Database } from '@vigil/core';
import { ChainVerifier, type ChainProblem } from './domain/audit-chain.js';
import { auditHead, auditPage } from './model/audit-model.js';
import type { PatientDb } from './model/schema.js';

/** The outcome of {@link verifyAuditChain}. */
export interface AuditVerifyResult {
  /** True when every entry is intact and the chain reaches the head. */
  readonly ok: boolean;
  /** Entries verified before the first problem (all of them when ok). */
  readonly checked: number;
  /** The first altered or removed entry (by `seq`) and why. */
  readonly firstBad?: ChainProblem;
}

/** Options for {@link verifyAuditChain}. */
export interface AuditVerifyOptions {
  /** Entries read per query. */
  pageSize?: number;
  /** Called after each page with the entries checked so far and the head's length. */
  onProgress?: (checked: number, total: number) => void;
}

/**
 * Walks the audit chain from entry 1 to the head, recomputing every hash: an edited entry no
 * longer matches its hash, a deleted one leaves a gap in `seq` or a broken link, entries cut
 * from the end leave the chain short of its head, and entries slipped in past the head are
 * reported too. Stops at the first problem. Reads in pages, so memory stays flat however long
 * the trail; it runs beside a live service (entries appended meanwhile are verified as well).
 */
export async function verifyAuditChain(
  database: Database<PatientDb>,
  options: AuditVerifyOptions = {},
): Promise<AuditVerifyResult> {
  const pageSize = options.pageSize ?? 1000;
  const verifier = new ChainVerifier();
  const failed = (firstBad: ChainProblem): AuditVerifyResult => ({
    ok: false,
    checked: verifier.checked,
    firstBad,
  });
  let head = await auditHead(database.db);
  let after = 0;
  for (;;) {
    const page = await auditPage(database.db, after, pageSize);
    for (const entry of page) {
      if (entry.seq > head.seq) {
        // Appends commit the entries and the head together: an entry beyond the head we read is
        // legitimate only if a fresh read of the head now covers it.
        head = await auditHead(database.db);
        if (entry.seq > head.seq) {
          return failed({
            id: entry.seq,
            reason: `entry ${entry.seq} lies beyond the chain head (${head.seq}): written outside the service`,
          });
        }
      }
      const problem = verifier.push(entry);
      if (problem) return failed(problem);
      after = entry.seq;
    }
    options.onProgress?.(verifier.checked, head.seq);
    if (page.length < pageSize) break;
  }
  const problem = verifier.finish(head);
  return problem ? failed(problem) : { ok: true, checked: verifier.checked };
}

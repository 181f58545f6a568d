import { createHash } from 'node:crypto';

/** `prev_hash` of entry 1: the chain starts from 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a change to clinical data records, per field (ICH E6(R3): who, when, what, why). */
export interface AuditDraft {
  /** Entries written by one create/update share it, so a history groups them. */
  readonly changeId: string;
  /** UTC instant, millisecond precision (what both databases store). */
  readonly at: Date;
  /** The token's `sub`. */
  readonly actor: string;
  /** The role the change was made under (`investigator`, `system`…). */
  readonly actorRole: string;
  readonly entity: string;
  readonly entityId: string;
  /** The record's site, so site-scoped readers see only their sites' history. */
  readonly siteId: string | null;
  readonly action: 'create' | 'update';
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly reason: string | null;
}

/** An entry in the chain: its position and the two hashes linking it. */
export interface AuditEntry extends AuditDraft {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The state the next entry links to: the last `seq` and its `hash` (0 and genesis at first). */
export interface ChainLink {
  readonly seq: number;
  readonly hash: string;
}

/** Why verification stopped: the entry (by `seq`) and a sentence for the operator. */
export interface ChainProblem {
  readonly id: number;
  readonly reason: string;
}

/**
 * The bytes an entry's hash covers: a JSON array in a fixed order, led by a format version, so
 * key order or a driver's number formatting can never change the hash. Times are ISO-8601 UTC
 * with milliseconds.
 */
export function canonicalEntry(seq: number, e: AuditDraft): string {
  return JSON.stringify([
    'v1',
    seq,
    e.changeId,
    e.at.toISOString(),
    e.actor,
    e.actorRole,
    e.entity,
    e.entityId,
    e.siteId,
    e.action,
    e.field,
    e.oldValue,
    e.newValue,
    e.reason,
  ]);
}

/** sha256(prevHash + "\n" + canonical entry), hex. */
export function entryHash(prevHash: string, seq: number, e: AuditDraft): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalEntry(seq, e))
    .digest('hex');
}

/** Numbers and links `drafts` after `head`; the last entry is the new head. */
export function chainEntries(head: ChainLink, drafts: readonly AuditDraft[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let { seq, hash } = head;
  for (const draft of drafts) {
    seq += 1;
    const next = entryHash(hash, seq, draft);
    out.push({ ...draft, seq, prevHash: hash, hash: next });
    hash = next;
  }
  return out;
}

/**
 * Checks a chain fed in `seq` order, one entry at a time (the table may not fit in memory).
 * Each entry must follow the previous one without a gap, link to its hash, and hash to its own
 * stored hash; `finish` compares the end with the head row, which catches removal of the last
 * entries. The first problem is kept; later calls change nothing.
 */
export class ChainVerifier {
  private last: ChainLink = { seq: 0, hash: GENESIS_HASH };
  private problem: ChainProblem | undefined;
  /** Entries checked so far. */
  checked = 0;

  /** Checks the next entry; returns the first problem found so far. */
  push(entry: AuditEntry): ChainProblem | undefined {
    if (this.problem) return this.problem;
    const expected = this.last.seq + 1;
    if (entry.seq !== expected) {
      const missing = entry.seq === expected + 1 ? `${expected}` : `${expected}..${entry.seq - 1}`;
      return this.fail(
        expected,
        `entry ${missing} removed (entry ${entry.seq} follows ${this.last.seq})`,
      );
    }
    if (entry.prevHash !== this.last.hash) {
      return this.fail(
        entry.seq,
        `entry ${entry.seq} does not link to entry ${this.last.seq}: entry ${this.last.seq} was ` +
          `altered and re-hashed, or entries between them were removed and renumbered`,
      );
    }
    if (entryHash(entry.prevHash, entry.seq, entry) !== entry.hash) {
      return this.fail(
        entry.seq,
        `entry ${entry.seq} altered: its content no longer matches its hash`,
      );
    }
    this.last = { seq: entry.seq, hash: entry.hash };
    this.checked += 1;
    return undefined;
  }

  /** Compares the end of the chain with the head row; returns the first problem, if any. */
  finish(head: ChainLink): ChainProblem | undefined {
    if (this.problem) return this.problem;
    if (head.seq > this.last.seq) {
      const from = this.last.seq + 1;
      const what = head.seq === from ? `entry ${from}` : `entries ${from}..${head.seq}`;
      return this.fail(
        from,
        `${what} removed (the chain ends at ${this.last.seq}, its head says ${head.seq})`,
      );
    }
    if (head.seq < this.last.seq || head.hash !== this.last.hash) {
      return this.fail(
        this.last.seq,
        `the chain head (entry ${head.seq}) does not match the last entry ${this.last.seq}: ` +
          'entries were appended or altered outside the service',
      );
    }
    return undefined;
  }

  private fail(id: number, reason: string): ChainProblem {
    this.problem = { id, reason };
    return this.problem;
  }
}

import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditEntryTable, PatientDb } from './schema.js';
import {
  chainEntries,
  type AuditDraft,
  type AuditEntry,
  type ChainLink,
} from '../domain/audit-chain.js';

// Rows per INSERT: 15 parameters each stays far below PostgreSQL's 65535 and MySQL's limits.
const INSERT_BATCH = 500;

/** A stored row as the chain sees it (bigint seq as a number; ids fit in 2^53 for ever). */
export function toAuditEntry(row: Selectable<AuditEntryTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    changeId: row.change_id,
    at: new Date(row.at),
    actor: row.actor,
    actorRole: row.actor_role,
    entity: row.entity,
    entityId: row.entity_id,
    siteId: row.site_id,
    action: row.action as AuditEntry['action'],
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    reason: row.reason,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Appends `drafts` to the chain inside the caller's transaction, so the entries commit or roll
 * back with the change they describe. The head row is locked first (`for update`): concurrent
 * writers queue here, each linking to the entry the previous one committed.
 */
export async function appendAudit(
  trx: Transaction<PatientDb>,
  drafts: readonly AuditDraft[],
): Promise<AuditEntry[]> {
  if (drafts.length === 0) return [];
  const head = await trx
    .selectFrom('patient_audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const entries = chainEntries({ seq: Number(head.seq), hash: head.hash }, drafts);
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    await trx
      .insertInto('patient_audit_entry')
      .values(
        entries.slice(i, i + INSERT_BATCH).map((e) => ({
          seq: e.seq,
          change_id: e.changeId,
          at: e.at,
          actor: e.actor,
          actor_role: e.actorRole,
          entity: e.entity,
          entity_id: e.entityId,
          site_id: e.siteId,
          action: e.action,
          field: e.field,
          old_value: e.oldValue,
          new_value: e.newValue,
          reason: e.reason,
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }
  const last = entries[entries.length - 1]!;
  await trx
    .updateTable('patient_audit_head')
    .set({ seq: last.seq, hash: last.hash })
    .where('id', '=', 1)
    .execute();
  return entries;
}

/** One record's history, oldest first. */
export async function auditHistory(
  db: Kysely<PatientDb>,
  entity: string,
  entityId: string,
): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('patient_audit_entry')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
  return rows.map(toAuditEntry);
}

/** Up to `limit` entries after `afterSeq`, in order (verification walks the table in pages). */
export async function auditPage(
  db: Kysely<PatientDb>,
  afterSeq: number,
  limit: number,
): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('patient_audit_entry')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toAuditEntry);
}

/** The chain's head row. */
export async function auditHead(db: Kysely<PatientDb>): Promise<ChainLink> {
  const head = await db
    .selectFrom('patient_audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

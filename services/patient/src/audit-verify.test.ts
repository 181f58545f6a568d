import type { Database } from '@vigil/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit-verify.js';
import type { PatientDb } from './model/schema.js';
import { seedPatientDemo } from './seed.js';
import { freshPatientDatabase, testTargets, type TestServer } from './testing/databases.js';

/** Drops the append-only guard, as someone with DDL rights could, to tamper with the trail. */
async function dropGuard(database: Database<PatientDb>): Promise<void> {
  if (database.dialect === 'postgres') {
    await sql`alter table patient_audit_entry disable trigger user`.execute(database.db);
  } else {
    await sql`drop trigger patient_audit_entry_no_update`.execute(database.db);
    await sql`drop trigger patient_audit_entry_no_delete`.execute(database.db);
  }
}

for (const [label, open] of await testTargets()) {
  describe.skipIf(!open)(`audit chain verification on ${label}`, () => {
    let server: TestServer;
    const closes: (() => Promise<void>)[] = [];

    /** A seeded database whose trail has `entries` entries; guard dropped when tampering. */
    async function seeded(tamper: boolean) {
      const fresh = await freshPatientDatabase(server);
      closes.push(fresh.close);
      await seedPatientDemo(fresh.database, { now: () => Date.UTC(2025, 5, 1) });
      if (tamper) await dropGuard(fresh.database);
      return fresh.database;
    }

    beforeAll(async () => {
      server = await open!();
    });

    afterAll(async () => {
      for (const close of closes) await close();
      await server?.close();
    });

    it('passes an intact trail, reporting progress page by page', async () => {
      const database = await seeded(false);
      const progress: [number, number][] = [];
      const result = await verifyAuditChain(database, {
        pageSize: 400,
        onProgress: (checked, total) => progress.push([checked, total]),
      });
      const total = progress[0]![1];
      expect(total).toBeGreaterThan(1000);
      expect(result).toEqual({ ok: true, checked: total });
      expect(progress.map(([c]) => c)).toEqual([400, 800, total]);
      expect(await verifyAuditChain(database)).toEqual({ ok: true, checked: total });
    });

    it('names an entry whose value was altered', async () => {
      const database = await seeded(true);
      await sql`update patient_audit_entry set new_value = '13800000000' where seq = 37`.execute(
        database.db,
      );
      const result = await verifyAuditChain(database, { pageSize: 10 });
      expect(result).toMatchObject({ ok: false, checked: 36, firstBad: { id: 37 } });
      expect(result.firstBad?.reason).toMatch(/entry 37 altered/);
    });

    it('names an entry that was removed, in the middle or from the end', async () => {
      const database = await seeded(true);
      await sql`delete from patient_audit_entry where seq = 500`.execute(database.db);
      expect(await verifyAuditChain(database)).toMatchObject({
        ok: false,
        checked: 499,
        firstBad: { id: 500, reason: expect.stringMatching(/entry 500 removed/) },
      });

      const cut = await seeded(true);
      const { seq } = await cut.db
        .selectFrom('patient_audit_head')
        .select('seq')
        .executeTakeFirstOrThrow();
      const last = Number(seq);
      await sql`delete from patient_audit_entry where seq > ${last - 2}`.execute(cut.db);
      expect(await verifyAuditChain(cut)).toMatchObject({
        ok: false,
        firstBad: { id: last - 1, reason: expect.stringMatching(/removed/) },
      });
    });

    it('names an entry slipped in past the head', async () => {
      const database = await seeded(true);
      const row = await database.db
        .selectFrom('patient_audit_entry')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const seq = Number(row.seq) + 1;
      await database.db
        .insertInto('patient_audit_entry')
        .values({ ...row, seq, prev_hash: row.hash })
        .execute();
      expect(await verifyAuditChain(database)).toMatchObject({
        ok: false,
        firstBad: { id: seq, reason: expect.stringMatching(/beyond the chain head/) },
      });
    });
  });
}

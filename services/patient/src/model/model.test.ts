import { isAppError, migrateUp, type Cache, type Database } from '@vigil/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listScope, type Principal } from '../domain/scope.js';
import { demoPatients } from '../demo/demo-data.js';
import { PATIENT_MIGRATIONS_DIR } from '../migrations.js';
import { seedPatientDemo } from '../seed.js';
import { freshPatientDatabase, testTargets, type TestServer } from '../testing/databases.js';
import { auditHistory } from './audit-model.js';
import { enrollmentDb } from './schedule-model.js';
import { PatientModel } from './patient-model.js';
import { patientCacheKey } from './patient-rows.js';
import type { PatientDb } from './schema.js';
import { TrialModel } from './trial-model.js';

const NOW = Date.UTC(2025, 5, 1, 4);
const investigator: Principal = {
  sub: 'inv-1',
  roles: ['investigator'],
  sites: ['S01'],
  patientId: undefined,
};
const monitor: Principal = { sub: 'mon-1', roles: ['monitor'], sites: [], patientId: undefined };

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
}

for (const [label, open] of await testTargets()) {
  describe.skipIf(!open)(`patient model on ${label}`, () => {
    let server: TestServer;
    let database: Database<PatientDb>;
    let cache: Cache;
    let close: () => Promise<void>;
    let model: PatientModel;
    let clock = NOW;

    beforeAll(async () => {
      server = await open!();
      ({ database, cache, close } = await freshPatientDatabase(server));
      expect(await seedPatientDemo(database, { now: () => NOW })).toEqual({
        seeded: true,
        patients: 200,
      });
      model = new PatientModel(database, cache, { now: () => clock });
    });

    afterAll(async () => {
      await close?.();
      await server?.close();
    });

    it('migrates once and seeds once', async () => {
      expect(await migrateUp(database, PATIENT_MIGRATIONS_DIR)).toEqual([]);
      expect(await seedPatientDemo(database)).toEqual({ seeded: false, patients: 0 });
      const trials = await new TrialModel(database, cache).trials();
      expect(trials).toMatchObject([{ id: 'VIG-001', timeZone: 'Asia/Shanghai' }]);
      const sites = await new TrialModel(database, cache).sites('VIG-001');
      expect(sites.map((s) => s.id)).toEqual(['S01', 'S02', 'S03', 'S04', 'S05']);
    });

    it('stores the demo records as generated, dates included', async () => {
      const stored = await model.list({ scope: listScope(monitor), limit: 200 });
      const expected = demoPatients(NOW);
      expect(stored.items).toEqual(expected);
    });

    it('reads a patient through the cache', async () => {
      const p = await model.findOne('P-S01-001');
      expect(p).toMatchObject({ name: '张三', mobile: '13812341234', siteId: 'S01', version: 1 });
      expect(await cache.get(patientCacheKey('P-S01-001'))).toEqual(p);
      expect(await model.findOne('P-S09-001')).toBeUndefined();
    });

    it('pages in id order with a keyset cursor, filtered by trial, site and scope', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await model.list({
          trialId: 'VIG-001',
          siteId: 'S02',
          scope: listScope(monitor),
          limit: 15,
          cursor,
        });
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(40);
      expect(seen[0]).toBe('P-S02-001');
      expect(seen).toEqual([...seen].sort());

      const own = await model.list({ scope: listScope(investigator), limit: 100 });
      expect(own.items.every((p) => p.siteId === 'S01')).toBe(true);
      expect(own.items).toHaveLength(40);
      expect(own.nextCursor).toBeNull();
      const other = await model.list({ siteId: 'S02', scope: listScope(investigator), limit: 10 });
      expect(other.items).toEqual([]);
      const self = await model.list({
        scope: listScope({ sub: 'pt', roles: ['patient'], sites: [], patientId: 'P-S01-001' }),
        limit: 10,
      });
      expect(self.items.map((p) => p.id)).toEqual(['P-S01-001']);
      const all = await model.list({ scope: listScope(monitor), limit: 1000, status: 'screening' });
      expect(all.items).toHaveLength(15);
    });

    it('numbers new patients per site and audits every field of the creation', async () => {
      clock = NOW + 1000;
      const created = await model.create(
        { siteId: 'S01', name: 'Jane Doe', mobile: '13900001111' },
        { sub: 'inv-1', role: 'investigator' },
      );
      expect(created).toMatchObject({
        id: 'P-S01-041',
        trialId: 'VIG-001',
        status: 'enrolled',
        enrolledAt: NOW + 1000,
      });
      const history = await auditHistory(database.db, 'patient', 'P-S01-041');
      expect(history.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
        ['trialId', null, 'VIG-001'],
        ['siteId', null, 'S01'],
        ['name', null, 'Jane Doe'],
        ['mobile', null, '13900001111'],
        ['status', null, 'enrolled'],
        ['enrolledAt', null, new Date(NOW + 1000).toISOString()],
      ]);
      expect(new Set(history.map((e) => e.changeId)).size).toBe(1);
      expect(history[0]).toMatchObject({
        actor: 'inv-1',
        actorRole: 'investigator',
        action: 'create',
        reason: null,
      });
      const next = await model.create(
        { siteId: 'S01', name: '李四', mobile: '13900002222', status: 'screening' },
        { sub: 'inv-1', role: 'investigator' },
        'walk-in',
      );
      expect(next).toMatchObject({ id: 'P-S01-042', enrolledAt: null });
    });

    it('writes patient.enrolled on an enrolled create and on the move to enrolled, once', async () => {
      clock = NOW + 5000;
      const actor = { sub: 'inv-2', role: 'investigator' };
      const events = (id: string) =>
        enrollmentDb(database.db)
          .selectFrom('vigil_outbox')
          .select(['topic', 'payload'])
          .where('id', '=', `enrolled:${id}`)
          .execute();
      const enrolled = await model.create(
        { siteId: 'S02', name: 'Enrolled One', mobile: '13900003333' },
        actor,
      );
      const [event, ...more] = await events(enrolled.id);
      expect(more).toEqual([]);
      expect(event!.topic).toBe('patient.enrolled');
      const payload = JSON.parse(event!.payload) as { schedule: unknown[] };
      expect(payload).toMatchObject({
        v: 1,
        patientId: enrolled.id,
        trialId: 'VIG-001',
        siteId: 'S02',
        enrolledAt: new Date(NOW + 5000).toISOString(),
        timeZone: 'Asia/Shanghai',
        mobile: '13900003333',
      });
      expect(payload.schedule.length).toBeGreaterThan(0);

      const screened = await model.create(
        { siteId: 'S02', name: 'Screened One', mobile: '13900004444', status: 'screening' },
        actor,
      );
      expect(await events(screened.id)).toEqual([]);
      const update = (changes: Parameters<PatientModel['update']>[1], reason: string) =>
        model.update(screened.id, changes, {
          sub: 'inv-2',
          reason,
          authorize: () => 'investigator',
        });
      await update({ name: 'Screened Once' }, 'typo');
      expect(await events(screened.id)).toEqual([]);
      await update({ status: 'enrolled', enrolledAt: NOW + 4000 }, 'consented');
      const [moved] = await events(screened.id);
      expect(JSON.parse(moved!.payload)).toMatchObject({
        patientId: screened.id,
        enrolledAt: new Date(NOW + 4000).toISOString(),
      });
      // Withdrawn, then enrolled again: already planned, so no second event (and no error).
      await update({ status: 'withdrawn' }, 'withdrew consent');
      await update({ status: 'enrolled' }, 'consented again');
      expect(await events(screened.id)).toHaveLength(1);
    });

    it('refuses duplicates, unknown sites and mismatched trials, writing nothing', async () => {
      const actor = { sub: 'inv-1', role: 'investigator' };
      const before = await auditHistory(database.db, 'patient', 'P-S01-001');
      expect(
        await codeOf(
          model.create({ id: 'P-S01-001', siteId: 'S01', name: 'X', mobile: '13900003333' }, actor),
        ),
      ).toBe('CONFLICT');
      expect(
        await codeOf(model.create({ siteId: 'S99', name: 'X', mobile: '13900003333' }, actor)),
      ).toBe('SITE_NOT_FOUND');
      expect(
        await codeOf(
          model.create({ siteId: 'S01', trialId: 'VIG-002', name: 'X', mobile: '1' }, actor),
        ),
      ).toBe('VALIDATION_FAILED');
      expect(await auditHistory(database.db, 'patient', 'P-S01-001')).toEqual(before);
      // The failed creates rolled back their site numbering too.
      const next = await model.create({ siteId: 'S01', name: 'Y Z', mobile: '13900004444' }, actor);
      expect(next.id).toBe('P-S01-043');
    });

    it('updates with a reason, audits each changed field and invalidates the cache', async () => {
      await model.findOne('P-S01-002');
      clock = NOW + 2000;
      const updated = await model.update(
        'P-S01-002',
        { mobile: '13700007777', status: 'withdrawn' },
        {
          sub: 'inv-1',
          reason: 'patient moved away',
          authorize: () => 'investigator',
        },
      );
      expect(updated).toMatchObject({
        mobile: '13700007777',
        status: 'withdrawn',
        version: 2,
        updatedAt: NOW + 2000,
      });
      expect(await model.findOne('P-S01-002')).toEqual(updated);
      const history = await auditHistory(database.db, 'patient', 'P-S01-002');
      const last = history.filter((e) => e.action === 'update');
      expect(last.map((e) => e.field).sort()).toEqual(['mobile', 'status']);
      expect(last[0]).toMatchObject({
        reason: 'patient moved away',
        actorRole: 'investigator',
        at: new Date(NOW + 2000),
      });
    });

    it('refuses an update without a reason, out of scope, or of a stale version', async () => {
      const opts = { sub: 'inv-1', reason: 'fix', authorize: () => 'investigator' };
      expect(
        await codeOf(model.update('P-S01-003', { name: '王五' }, { ...opts, reason: '  ' })),
      ).toBe('REASON_REQUIRED');
      expect(await codeOf(model.update('P-S01-999', { name: '王五' }, opts))).toBe(
        'PATIENT_NOT_FOUND',
      );
      expect(
        await codeOf(model.update('P-S01-003', { name: '王五' }, { ...opts, expectedVersion: 7 })),
      ).toBe('CONFLICT');
      // A transfer to a site that does not exist: 404, as in errors.md.
      expect(await codeOf(model.update('P-S01-003', { siteId: 'S09' }, opts))).toBe(
        'SITE_NOT_FOUND',
      );
      // The trail keeps every reason for ever: a bounded one.
      expect(
        await codeOf(
          model.update('P-S01-003', { name: '王五' }, { ...opts, reason: 'x'.repeat(1001) }),
        ),
      ).toBe('VALIDATION_FAILED');
      const denied = model.update(
        'P-S01-003',
        { name: '王五' },
        {
          ...opts,
          authorize: () => {
            throw new Error('denied');
          },
        },
      );
      expect(await codeOf(denied)).toBe('Error: denied');
      const p = await model.findOne('P-S01-003');
      expect(p?.version).toBe(1);
      expect(
        (await auditHistory(database.db, 'patient', 'P-S01-003')).every(
          (e) => e.action === 'create',
        ),
      ).toBe(true);
    });

    it('writes nothing for an update that changes nothing', async () => {
      const p = (await model.findOne('P-S01-004'))!;
      const same = await model.update(
        'P-S01-004',
        { name: p.name },
        { sub: 'inv-1', reason: 'check', authorize: () => 'investigator' },
      );
      expect(same).toEqual(p);
    });

    it('keeps the chain linear under concurrent updates', async () => {
      const ids = ['P-S03-001', 'P-S03-002', 'P-S03-003', 'P-S03-004', 'P-S03-005', 'P-S03-006'];
      await Promise.all(
        ids.map((id, i) =>
          model.update(
            id,
            { mobile: `1360000${String(i).padStart(4, '0')}` },
            { sub: 'inv-3', reason: 'batch fix', authorize: () => 'coordinator' },
          ),
        ),
      );
      const rows = await database.db
        .selectFrom('patient_audit_entry')
        .select(['seq', 'prev_hash', 'hash'])
        .orderBy('seq')
        .execute();
      for (let i = 1; i < rows.length; i++) {
        expect(Number(rows[i]!.seq)).toBe(Number(rows[i - 1]!.seq) + 1);
        expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
      }
    });

    it('refuses to update or delete audit entries at the database', async () => {
      const update = sql`update patient_audit_entry set reason = 'forged' where seq = 1`.execute(
        database.db,
      );
      await expect(update).rejects.toThrow(/append-only/);
      const del = sql`delete from patient_audit_entry where seq = 1`.execute(database.db);
      await expect(del).rejects.toThrow(/append-only/);
      const count = await database.db
        .selectFrom('patient_audit_entry')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBeGreaterThan(1000);
    });
  });
}

import { randomBytes } from 'node:crypto';
import { createDatabase, migrateUp, type Database } from '@vigil/core';
import pg from 'pg';
import pino from 'pino';
import { FOLLOWUP_MIGRATIONS_DIR } from '../migrations.js';
import type { FollowupDb } from '../model/schema.js';

/** Test support: a uniquely named name (databases, schemas, queues). */
export function unique(prefix = 'vigil_fu'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh database on the server of `adminUrl`, dropped by `drop()`. */
export async function createTestDatabase(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = unique();
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/** A migrated followup database on the machine's PostgreSQL. */
export async function freshFollowupDatabase(adminUrl: string): Promise<{
  database: Database<FollowupDb>;
  url: string;
  close(): Promise<void>;
}> {
  const created = await createTestDatabase(adminUrl);
  const database = createDatabase<FollowupDb>(
    { DataSource: created.url, MaxOpenConns: 8 },
    { logger: pino({ level: 'silent' }), service: 'followup-test' },
  );
  await migrateUp(database, FOLLOWUP_MIGRATIONS_DIR);
  return {
    database,
    url: created.url,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}

/** A `patient.enrolled` payload for tests (the demo schedule, Shanghai time). */
export function enrolledEvent(
  patientId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    v: 1,
    patientId,
    trialId: 'VIG-001',
    siteId: 'S01',
    enrolledAt: '2025-02-01T02:00:00.000Z',
    timeZone: 'Asia/Shanghai',
    schedule: [
      { name: 'Screening', dayOffset: 0, windowBefore: 0, windowAfter: 0 },
      { name: 'Baseline', dayOffset: 7, windowBefore: 2, windowAfter: 2 },
      { name: 'Week 4', dayOffset: 28, windowBefore: 3, windowAfter: 3 },
      { name: 'Week 8', dayOffset: 56, windowBefore: 3, windowAfter: 3 },
      { name: 'Week 12', dayOffset: 84, windowBefore: 5, windowAfter: 5 },
    ],
    mobile: '13812341234',
    ...overrides,
  };
}

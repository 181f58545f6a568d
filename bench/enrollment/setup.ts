import { randomBytes } from 'node:crypto';
import { createCache, createDatabase, migrateUp, type Cache, type Database } from '@vigil/core';
import { FOLLOWUP_MIGRATIONS_DIR, type FollowupDb } from '@vigil/followup';
import {
  EnrollmentModel,
  PATIENT_MIGRATIONS_DIR,
  seedPatientDemo,
  type BatchRow,
  type PatientDb,
} from '@vigil/patient';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';

/** This run's suffix for databases, exchanges, schemas and queues. */
export const run = randomBytes(4).toString('hex');
const silent = pino({ level: 'silent' });

/** The two service databases of the bench, on the machine's PostgreSQL. */
export interface BenchDatabases {
  readonly patient: Database<PatientDb>;
  readonly followup: Database<FollowupDb>;
  readonly cache: Cache;
  readonly enrollment: EnrollmentModel;
  close(): Promise<void>;
}

async function admin(pgUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/**
 * Fresh patient (migrated, demo trial VIG-001 with its schedule) and followup (migrated)
 * databases; the demo seed's own events are removed so only the bench's are counted.
 */
export async function openDatabases(pgUrl: string, pool: number): Promise<BenchDatabases> {
  const names = [`vigil_bench_pt_${run}`, `vigil_bench_fu_${run}`];
  for (const n of names) await admin(pgUrl, `create database ${n}`);
  const url = (name: string) => {
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const opts = { logger: silent, registry: new Registry(), service: 'bench' };
  const patient = createDatabase<PatientDb>(
    { DataSource: url(names[0]!), MaxOpenConns: pool },
    opts,
  );
  const followup = createDatabase<FollowupDb>(
    { DataSource: url(names[1]!), MaxOpenConns: pool },
    opts,
  );
  await migrateUp(patient, PATIENT_MIGRATIONS_DIR);
  await migrateUp(followup, FOLLOWUP_MIGRATIONS_DIR);
  await seedPatientDemo(patient);
  await sql`delete from vigil_outbox`.execute(patient.db);
  const cache = createCache({}, { logger: silent, service: 'bench' });
  return {
    patient,
    followup,
    cache,
    enrollment: new EnrollmentModel(patient, cache),
    async close() {
      await cache.close();
      await patient.close();
      await followup.close();
      for (const n of names) await admin(pgUrl, `drop database if exists ${n} with (force)`);
    },
  };
}

let counter = 0;

/** `n` new patients for the demo trial, spread over its five sites (mobile numbers unique). */
export function newRows(n: number, nowMs: number): BatchRow[] {
  return Array.from({ length: n }, (_, i) => {
    const k = counter++;
    return {
      trialId: 'VIG-001',
      siteId: `S0${(i % 5) + 1}`,
      name: `Bench Patient ${k}`,
      mobile: `136${String(k).padStart(8, '0')}`,
      enrolledAt: nowMs - (k % 48) * 3_600_000,
    };
  });
}

/** Median and 95th percentile of `values`. */
export function stats(values: number[]): { p50: number; p95: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

import { randomBytes } from 'node:crypto';
import { createDatabase, createLogger, migrateUp } from '@vigil/core';
import { PATIENT_MIGRATIONS_DIR, seedPatientDemo, type PatientDb } from '@vigil/patient';
import { requireService } from '@vigil/testkit';
import { Command } from 'commander';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDatabaseUrl, registerAuditCommand, runAuditVerify, type AuditIo } from './audit.js';

const pgUrl = await requireService('postgres');

function collect(interactive = false) {
  const out = { stdout: '', stderr: '' };
  const io: AuditIo = {
    stdout: (s) => (out.stdout += s),
    stderr: (s) => (out.stderr += s),
    interactive,
  };
  return { out, io };
}

describe('vigil audit verify: database choice', () => {
  it('takes --database-url, else PATIENT_DATABASE_URL, else the embedded server', () => {
    expect(auditDatabaseUrl('postgres://x/p', { PATIENT_DATABASE_URL: 'postgres://y/p' })).toBe(
      'postgres://x/p',
    );
    expect(auditDatabaseUrl(undefined, { PATIENT_DATABASE_URL: 'postgres://y/p' })).toBe(
      'postgres://y/p',
    );
    expect(auditDatabaseUrl(undefined, {})).toMatch(
      /^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/patient$/,
    );
  });
});

describe.skipIf(!pgUrl)('vigil audit verify on PostgreSQL', () => {
  const name = `vigil_cli_audit_${randomBytes(4).toString('hex')}`;
  let url: string;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${name}`);
    const u = new URL(pgUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    const logger = createLogger({ service: 'audit-test', level: 'silent' });
    const database = createDatabase<PatientDb>({ DataSource: url }, { logger, service: 'test' });
    try {
      await migrateUp(database, PATIENT_MIGRATIONS_DIR);
      await seedPatientDemo(database);
    } finally {
      await database.close();
    }
  });

  afterAll(async () => {
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('reports an intact trail with progress and exit code 0', async () => {
    const { out, io } = collect();
    expect(await runAuditVerify({ databaseUrl: url, pageSize: 100 }, io)).toBe(0);
    expect(out.stdout).toMatch(/^audit trail intact: \d+ entries verified\n$/);
    const progress = out.stderr.split('\n').filter((l) => l.includes('entries'));
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress.length).toBeLessThanOrEqual(12);
    expect(out.stderr).not.toContain('postgres@');
  });

  it('exits 1 naming the first altered entry, through the command line', async () => {
    const logger = createLogger({ service: 'audit-test', level: 'silent' });
    const database = createDatabase<PatientDb>({ DataSource: url }, { logger, service: 'test' });
    try {
      // Tampering needs the append-only guard out of the way, as an attacker with DDL rights would.
      await sql`alter table patient_audit_entry disable trigger user`.execute(database.db);
      await sql`update patient_audit_entry set new_value = 'Mallory' where seq = 42`.execute(
        database.db,
      );
    } finally {
      await database.close();
    }
    const { out, io } = collect(true);
    const program = new Command('vigil').exitOverride();
    registerAuditCommand(program, io);
    const before = process.exitCode;
    try {
      await program.parseAsync(['audit', 'verify', '--database-url', url, '--page-size', '10'], {
        from: 'user',
      });
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = before;
    }
    expect(out.stdout).toContain('audit trail BROKEN at entry 42: entry 42 altered');
    expect(out.stdout).toContain('41 entries before it verified');
    expect(out.stderr).toMatch(/\r {2}\d+ \/ \d+ entries/);
  });
});

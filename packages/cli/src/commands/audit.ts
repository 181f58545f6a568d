import { createDatabase, createLogger } from '@vigil/core';
import { verifyAuditChain, type PatientDb } from '@vigil/patient';
import type { Command } from 'commander';
import { EMBEDDED_PG_PORT } from '../supervisor/embedded-databases.js';

/** Where `vigil audit` writes (tests collect it). */
export interface AuditIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress then redraws one line instead of printing many. */
  interactive: boolean;
}

/** `vigil audit verify` options. */
export interface AuditVerifyCommandOptions {
  databaseUrl?: string | undefined;
  pageSize?: number | undefined;
}

const processIo: AuditIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  interactive: process.stderr.isTTY,
};

/** The patient database: `--database-url`, `PATIENT_DATABASE_URL`, else the embedded server. */
export function auditDatabaseUrl(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return (
    explicit ??
    env.PATIENT_DATABASE_URL ??
    `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/patient`
  );
}

/** host:port/db of a URL, without credentials, for messages. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'the database';
  }
}

/**
 * Verifies the patient audit chain and prints the outcome; resolves with the exit code: 0 when
 * intact, 1 naming the first altered or removed entry. Progress goes to stderr, the verdict to
 * stdout.
 */
export async function runAuditVerify(
  options: AuditVerifyCommandOptions,
  io: AuditIo = processIo,
): Promise<number> {
  const url = auditDatabaseUrl(options.databaseUrl);
  const logger = createLogger({ service: 'vigil-audit', level: 'warn' });
  const database = createDatabase<PatientDb>({ DataSource: url }, { logger, service: 'patient' });
  io.stderr(`Verifying the audit trail in ${describeUrl(url)}…\n`);
  let lastTenth = -1;
  try {
    const result = await verifyAuditChain(database, {
      pageSize: options.pageSize,
      onProgress: (checked, total) => {
        if (io.interactive) {
          io.stderr(`\r  ${checked} / ${total} entries`);
          return;
        }
        // Logs and pipes get a line per tenth, not one per page.
        const tenth = total === 0 ? 10 : Math.floor((checked * 10) / total);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          io.stderr(`  ${checked} / ${total} entries\n`);
        }
      },
    });
    if (io.interactive) io.stderr('\n');
    if (result.ok) {
      io.stdout(`audit trail intact: ${result.checked} entries verified\n`);
      return 0;
    }
    const bad = result.firstBad!;
    io.stdout(
      `audit trail BROKEN at entry ${bad.id}: ${bad.reason}\n` +
        `(${result.checked} entries before it verified)\n`,
    );
    return 1;
  } finally {
    await database.close();
  }
}

/** `vigil audit verify`: walks the hash-chained audit trail of the patient service. */
export function registerAuditCommand(program: Command, io: AuditIo = processIo): void {
  const audit = program.command('audit').description('audit trail (tamper evidence)');
  audit
    .command('verify')
    .description(
      'recompute the patient audit hash chain; exit 1 naming the first altered or removed entry',
    )
    .option(
      '--database-url <url>',
      'patient database (default: PATIENT_DATABASE_URL, else the embedded server)',
    )
    .option('--page-size <n>', 'entries read per query', (v) => Number.parseInt(v, 10), 1000)
    .action(async (options: AuditVerifyCommandOptions) => {
      const code = await runAuditVerify(options, io);
      if (code !== 0) process.exitCode = code;
    });
}

import type { Command } from 'commander';
import { createDatabase, createLogger } from '@vigil/core';
import { createAdminUser, type IdentityTables } from '@vigil/identity';
import { EMBEDDED_PG_PORT } from '../supervisor/embedded-databases.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `vigil user create`: the operator's way to create an administrator (the first one, in
 * production). Every other account is created by an admin through the identity API
 * (`POST /api/v1/identity/admin/users`), which records who did it.
 */
export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('manage platform users');
  user
    .command('create')
    .description('create an administrator account (password read from standard input)')
    .requiredOption('--username <name>', 'login name')
    .option(
      '--database-url <url>',
      'identity DataSource (default: IDENTITY_DATABASE_URL, else embedded)',
    )
    .action(async (options: { username: string; databaseUrl?: string }) => {
      if (process.stdin.isTTY) process.stderr.write('Password (then Enter, Ctrl-D): ');
      const password = await readStdin();
      if (!password)
        throw new Error(
          'no password on standard input (e.g. `vigil user create --username ops < secret.txt`)',
        );
      const url =
        options.databaseUrl ??
        process.env.IDENTITY_DATABASE_URL ??
        `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/identity`;
      const logger = createLogger({ service: 'vigil-user', level: 'warn' });
      const database = createDatabase<IdentityTables>(
        { DataSource: url },
        { logger, service: 'identity' },
      );
      try {
        const created = await createAdminUser(database, { username: options.username, password });
        process.stdout.write(`created administrator ${created.username} (${created.id})\n`);
      } finally {
        await database.close();
      }
    });
}

import { requireService } from '@vigil/testkit';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './database.js';

const pgUrl = await requireService('postgres');

describe.skipIf(!pgUrl)('a PostgreSQL connection lost in the middle of a transaction', () => {
  it('fails that transaction without crashing the process, and the pool recovers', async () => {
    const database = createDatabase(
      { DataSource: pgUrl!, MaxOpenConns: 2 },
      { logger: pino({ level: 'silent' }), registry: new Registry(), service: 'conn-loss-test' },
    );
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      const tx = database.transaction(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // The server ends this session while the transaction waits on the application, the
        // way a failover or an admin shutdown would.
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(trx);
      });
      await expect(tx).rejects.toThrow();
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await database.close();
    }
  });
});

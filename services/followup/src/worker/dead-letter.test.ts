import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTransport, listDeadLetters, serviceQueueConfig, type Transport } from '@vigil/core';
import { requireService, waitFor } from '@vigil/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import { PATIENT_ENROLLED } from '../events/patient-enrolled.js';
import { enrolledEvent, freshFollowupDatabase } from '../testing/databases.js';
import {
  isolateBroker,
  loadTestConfig,
  startFollowup,
  type IsolatedBroker,
  type RunningFollowup,
} from '../testing/start-followup.js';
import { startTokenIssuer, type TokenIssuer } from '../testing/token-issuer.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const exec = promisify(execFile);

/** `vigil queue …` as an operator runs it, against the test's namespace. */
async function vigilQueue(config: Config, args: string[]): Promise<string> {
  const q = config.Queue;
  const target =
    q.Transport === 'rabbitmq'
      ? ['--amqp-url', q.AmqpUrl, '--exchange', q.Exchange]
      : ['--database-url', q.DatabaseUrl, '--schema', q.Schema];
  const { stdout } = await exec(
    process.execPath,
    [
      '--conditions=vigil-source',
      '--import',
      'tsx',
      'packages/cli/src/bin.ts',
      'queue',
      ...target,
      ...args,
    ],
    { cwd: repoRoot, env: { ...process.env, VIGIL_AMQP_URL: '' } },
  );
  return stdout;
}

const brokers: [string, IsolatedBroker | undefined][] = [
  ['RabbitMQ', amqpUrl ? isolateBroker({ kind: 'rabbitmq', url: amqpUrl }) : undefined],
  ['the PostgreSQL transport', pgUrl ? isolateBroker({ kind: 'postgres', url: pgUrl }) : undefined],
];

for (const [label, broker] of brokers) {
  describe.skipIf(!broker || !pgUrl)(
    `a patient.enrolled event that keeps failing on ${label}`,
    () => {
      let issuer: TokenIssuer;
      let db: Awaited<ReturnType<typeof freshFollowupDatabase>>;
      let running: RunningFollowup;
      let config: Config;
      let producer: Transport;

      beforeAll(async () => {
        issuer = await startTokenIssuer();
        db = await freshFollowupDatabase(pgUrl!);
        config = await loadTestConfig({
          databaseUrl: db.url,
          jwksUrl: issuer.jwksUrl,
          broker: broker!,
        });
        config.Queue.MaxAttempts = 3;
        running = await startFollowup(config);
        producer = createTransport(serviceQueueConfig(config.Queue, config.VigilMode));
      });

      afterAll(async () => {
        await producer?.close();
        await running?.stop();
        await db?.close();
        await broker!.cleanup();
        await issuer?.close();
      });

      it('lands in the dead-letter queue with its error, and a replay after the fix plans it', async () => {
        const queue = config.Followup.QueueName;
        // The fault: the visits table is gone (a botched manual change), so every attempt fails.
        await sql`alter table followup_visit rename to followup_visit_away`.execute(db.database.db);
        await producer.publish({
          id: 'enrolled:P-DLQ-1',
          topic: PATIENT_ENROLLED,
          body: JSON.stringify(enrolledEvent('P-DLQ-1')),
          headers: {},
        });
        const [dead] = await waitFor(
          async () => {
            const rows = await listDeadLetters(producer, { queue });
            return rows.length > 0 ? rows : undefined;
          },
          { what: 'the event in the dead-letter queue', timeoutMs: 20_000 },
        );
        expect(dead).toMatchObject({ id: 'enrolled:P-DLQ-1', queue, attempts: 3 });
        expect(dead!.error).toMatch(/followup_visit/);
        expect(await vigilQueue(config, ['dlq', 'list', '--queue', queue])).toMatch(
          /enrolled:P-DLQ-1\s.*followup_visit/,
        );
        // Nothing half-written: the plan row was rolled back with the failed visits insert.
        expect(await running.svc.plans.find('P-DLQ-1')).toBeUndefined();

        // The fix, then the operator's replay.
        await sql`alter table followup_visit_away rename to followup_visit`.execute(db.database.db);
        expect(await vigilQueue(config, ['dlq', 'replay', '--queue', queue, '--all'])).toBe(
          'replayed 1 dead letter\n',
        );
        const plan = await waitFor(() => running.svc.plans.find('P-DLQ-1'), {
          what: 'the plan after the replay',
          timeoutMs: 20_000,
        });
        expect(plan.visits).toHaveLength(5);
        expect(await listDeadLetters(producer, { queue })).toEqual([]);
      });
    },
  );
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTransport, serviceQueueConfig, type OutgoingEvent } from '@vigil/core';
import { requireService, waitFor } from '@vigil/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import { PATIENT_ENROLLED } from '../events/patient-enrolled.js';
import { enrolledEvent, freshFollowupDatabase } from '../testing/databases.js';
import { isolateBroker, loadTestConfig, type IsolatedBroker } from '../testing/start-followup.js';
import { startTokenIssuer } from '../testing/token-issuer.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const EVENTS = 300;

function startChild(config: Config): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(
    process.execPath,
    ['--conditions=vigil-source', '--import', 'tsx', path.join(here, '../testing/worker-child.ts')],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, FOLLOWUP_CHILD_CONFIG: JSON.stringify(config) },
    },
  );
  return { child, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

const brokers: [string, IsolatedBroker | undefined][] = [
  ['RabbitMQ', amqpUrl ? isolateBroker({ kind: 'rabbitmq', url: amqpUrl }) : undefined],
  ['the PostgreSQL transport', pgUrl ? isolateBroker({ kind: 'postgres', url: pgUrl }) : undefined],
];

for (const [label, broker] of brokers) {
  describe.skipIf(!broker || !pgUrl)(`a followup worker killed mid-batch on ${label}`, () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('after a restart every plan exists exactly once', async () => {
      const issuer = await startTokenIssuer();
      cleanups.push(() => issuer.close());
      const db = await freshFollowupDatabase(pgUrl!);
      cleanups.push(() => db.close());
      cleanups.push(() => broker!.cleanup());
      const config = await loadTestConfig({
        databaseUrl: db.url,
        jwksUrl: issuer.jwksUrl,
        broker: broker!,
      });
      config.Queue.Prefetch = 32;
      const producer = createTransport(serviceQueueConfig(config.Queue, config.VigilMode));
      cleanups.push(() => producer.close());
      await producer.declare(config.Followup.QueueName, [PATIENT_ENROLLED]);
      const ids = Array.from({ length: EVENTS }, (_, i) => `P-K${String(i).padStart(4, '0')}`);
      const events: OutgoingEvent[] = ids.map((id) => ({
        id: `enrolled:${id}`,
        topic: PATIENT_ENROLLED,
        body: JSON.stringify(enrolledEvent(id)),
        headers: {},
      }));
      for (const e of events) await producer.publish(e);

      const plans = async () =>
        Number(
          (
            await db.database.db
              .selectFrom('followup_plan')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const first = startChild(config);
      cleanups.push(async () => {
        if (first.child.exitCode === null) first.child.kill('SIGKILL');
        await first.exited;
      });
      await waitFor(async () => (await plans()) >= 10, {
        what: 'the first worker to write some plans',
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      first.child.kill('SIGKILL');
      await first.exited;
      const atKill = await plans();
      expect(atKill).toBeLessThan(EVENTS);

      const second = startChild(config);
      cleanups.push(async () => {
        if (second.child.exitCode === null) second.child.kill('SIGTERM');
        await second.exited;
      });
      await waitFor(async () => (await plans()) === EVENTS, {
        what: 'every plan after the restart',
        timeoutMs: 60_000,
      });
      // Give a redelivered duplicate the chance to show itself before counting.
      await waitFor(
        async () => (await producer.status([config.Followup.QueueName]))[0]?.ready === 0,
        { what: 'the queue to be empty', timeoutMs: 20_000 },
      );
      const counts = await db.database.db
        .selectFrom('followup_plan')
        .leftJoin('followup_visit', 'followup_visit.patient_id', 'followup_plan.patient_id')
        .select(['followup_plan.patient_id as id'])
        .select((eb) => eb.fn.count<string>('followup_visit.seq').as('visits'))
        .groupBy('followup_plan.patient_id')
        .orderBy('followup_plan.patient_id')
        .execute();
      expect(counts.map((c) => c.id)).toEqual(ids);
      expect(counts.every((c) => Number(c.visits) === 5)).toBe(true);
      const processed = await db.database.db
        .selectFrom('vigil_processed_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(processed.n)).toBe(EVENTS);
    });
  });
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireService, waitFor } from '@vigil/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdempotentHandler } from './idempotent.js';
import { brokerTargets, outboxTargets, unique, type OutboxDatabase } from './test-support.js';
import { createTransport } from './transport.js';

const amqpUrl = await requireService('rabbitmq');
const pgUrl = await requireService('postgres');
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const EVENTS = 40;
/** The child hangs in every handler after this many: those never commit. */
const HANG_AFTER = 16;

for (const [label, target] of brokerTargets(amqpUrl, pgUrl)) {
  describe.skipIf(!target || !pgUrl)(`a consumer killed mid-batch on ${label}`, () => {
    let outbox: OutboxDatabase;
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      outbox = await outboxTargets(pgUrl)[0]![1]!();
    });

    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await outbox?.cleanup();
    });

    it('after a restart every event is handled exactly once', async () => {
      // A short visibility timeout so the PostgreSQL transport re-delivers the dead child's
      // claims quickly; RabbitMQ re-queues unacked deliveries when the connection drops.
      const box = await target!.open({ VisibilityTimeoutMs: 1000, PollIntervalMs: 100 });
      cleanups.push(box.cleanup);
      const queue = box.track(unique('q'));
      const topic = `visit.${unique('t')}`;
      const transport = createTransport(box.config);
      cleanups.push(() => transport.close());
      await transport.declare(queue, [topic]);
      const ids = Array.from({ length: EVENTS }, (_, i) => `${queue}-${i}`);
      for (const id of ids) {
        await transport.publish({ id, topic, body: JSON.stringify({ id }), headers: {} });
      }

      const child = spawn(
        process.execPath,
        [
          '--conditions=vigil-source',
          '--import',
          'tsx',
          path.join(here, 'testdata/consumer-child.ts'),
        ],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'inherit'],
          env: {
            ...process.env,
            CHILD_QUEUE: queue,
            CHILD_TOPIC: topic,
            CHILD_DB_URL: outbox.url,
            CHILD_QUEUE_CONFIG: JSON.stringify(box.config),
            CHILD_WORK_MS: '50',
            CHILD_HANG_AFTER: String(HANG_AFTER),
          },
        },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      cleanups.push(async () => {
        if (child.exitCode === null) child.kill('SIGKILL');
        await exited;
      });
      const started = new Set<string>();
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        for (const m of out.matchAll(/^start (\S+)$/gm)) started.add(m[1]!);
      });

      const committed = async () =>
        (await outbox.database.db.selectFrom('handled').select('event_id').execute()).map(
          (r) => r.event_id,
        );
      await waitFor(
        async () => {
          const done = new Set(await committed());
          // More starts than HANG_AFTER: at least one handler is hanging and will never commit.
          // (A started one that was merely slow could still commit before the kill.)
          return done.size >= 10 && started.size > HANG_AFTER;
        },
        { what: 'the child to commit some events and hang on others', timeoutMs: 20_000 },
      );
      child.kill('SIGKILL');
      await exited;
      // A COMMIT the child sent just before dying may still be in flight: wait until the server
      // has ended the child's sessions, so what is committed now is final.
      await waitFor(
        async () => {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity where application_name = 'crash-child'
          `.execute(outbox.database.db);
          return rows[0]?.n === 0;
        },
        { what: "the child's database sessions to end" },
      );

      // Events the child had started but not committed when it died: its batch in flight.
      const atKill = new Set(await committed());
      const interrupted = [...started].filter((id) => !atKill.has(id));
      expect(atKill.size).toBeLessThan(EVENTS);
      expect(interrupted.length).toBeGreaterThan(0);

      const attempts = new Map<string, number>();
      const restarted = createIdempotentHandler(outbox.database, queue, async (e, trx) => {
        attempts.set(e.id, e.attempt);
        await trx.insertInto('handled').values({ event_id: e.id, runner: 'restart' }).execute();
      });
      await transport.consume(queue, [topic], restarted, { prefetch: 8 });
      await waitFor(async () => new Set(await committed()).size === EVENTS, {
        what: 'every event handled after the restart',
        timeoutMs: 20_000,
      });

      const rows = await outbox.database.db.selectFrom('handled').selectAll().execute();
      expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
      const byId = new Map(rows.map((r) => [r.event_id, r.runner]));
      for (const id of interrupted) expect(byId.get(id)).toBe('restart');
      // PostgreSQL counts claims: the dead child's claim expired (visibility timeout) and counted.
      if (target!.name === 'postgres') {
        expect(interrupted.map((id) => attempts.get(id))).toEqual(interrupted.map(() => 2));
      }
    });
  });
}

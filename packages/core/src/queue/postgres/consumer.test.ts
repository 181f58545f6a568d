import { requireService, waitFor } from '@vigil/testkit';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { brokerTargets, unique, type BrokerSandbox } from '../test-support.js';
import { createTransport } from '../transport.js';

const pgUrl = await requireService('postgres');
const target = brokerTargets(undefined, pgUrl)[1]![1];

describe.skipIf(!target)('PostgreSQL transport consumer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function sandbox(): Promise<BrokerSandbox> {
    const box = await target!.open({ PollIntervalMs: 50, DepthIntervalMs: 0 });
    cleanups.push(box.cleanup);
    return box;
  }

  it('dead-letters an event claimed more often than allowed without running it again', async () => {
    const box = await sandbox();
    const transport = createTransport(box.config);
    cleanups.push(() => transport.close());
    const queue = unique('q');
    await transport.declare(queue, ['poison.pill']);
    await transport.publish({ id: 'p1', topic: 'poison.pill', body: '{}', headers: {} });
    // As if consumers had claimed it three times and died each time.
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(
      `update "${box.config.Schema}".vigil_queue_messages set attempts = 3 where event_id = 'p1'`,
    );
    await client.end();
    let calls = 0;
    await transport.consume(
      queue,
      ['poison.pill'],
      async () => {
        calls += 1;
      },
      { maxAttempts: 3 },
    );
    const [dead] = await waitFor(async () => {
      const list = await transport.dlq.list({ queue });
      return list.length === 1 && list;
    });
    expect(dead).toMatchObject({ id: 'p1', attempts: 4 });
    expect(dead!.error).toMatch(/claimed 3 times without an ack/);
    expect(calls).toBe(0);
  });

  it('answers status and dead-letter reads without creating its tables', async () => {
    const box = await sandbox();
    const transport = createTransport(box.config);
    cleanups.push(() => transport.close());
    expect(await transport.status()).toEqual([]);
    expect(await transport.dlq.list()).toEqual([]);
    expect(await transport.dlq.replay('all')).toBe(0);
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_namespace where nspname = $1`,
      [box.config.Schema],
    );
    await client.end();
    expect(rows[0]!.n).toBe(0);
  });

  it('lists every queue, including bound ones without events', async () => {
    const box = await sandbox();
    const transport = createTransport(box.config);
    cleanups.push(() => transport.close());
    await transport.declare('alpha', ['a.#']);
    await transport.declare('beta', ['b.*']);
    await transport.publish({ id: 'a1', topic: 'a.x.y', body: '1', headers: {} });
    expect(await transport.status()).toEqual([
      { queue: 'alpha', ready: 1, unacked: 0, delayed: 0, dead: 0, consumers: null },
      { queue: 'beta', ready: 0, unacked: 0, delayed: 0, dead: 0, consumers: null },
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { createTransport, type QueueConfigInput } from '@vigil/core';
import { requireService, waitFor } from '@vigil/testkit';
import { Command } from 'commander';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_QUEUE_URL, queueConnection, registerQueueCommand } from './queue.js';

const pgUrl = await requireService('postgres');

/** Runs `vigil <args>` in process; resolves with what it printed. */
async function vigil(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('vigil').exitOverride();
  registerQueueCommand(program, { stdout: (s) => (out += s) });
  await program.parseAsync(args, { from: 'user' });
  return out;
}

describe('vigil queue: choosing the transport', () => {
  it('uses the embedded queue database by default', () => {
    expect(queueConnection({}, {})).toEqual({ Transport: 'postgres', Url: EMBEDDED_QUEUE_URL });
  });

  it('uses RabbitMQ from --amqp-url or VIGIL_AMQP_URL, unless a database URL is given', () => {
    expect(queueConnection({ amqpUrl: 'amqp://a' }, {})).toMatchObject({ Transport: 'rabbitmq' });
    expect(queueConnection({}, { VIGIL_AMQP_URL: 'amqp://b' })).toEqual({
      Transport: 'rabbitmq',
      Url: 'amqp://b',
    });
    expect(
      queueConnection({ databaseUrl: 'postgres://q' }, { VIGIL_AMQP_URL: 'amqp://b' }),
    ).toEqual({ Transport: 'postgres', Url: 'postgres://q' });
    expect(() => queueConnection({ amqpUrl: 'amqp://a', databaseUrl: 'postgres://q' })).toThrow(
      /not both/,
    );
  });

  it('asks for queue names with RabbitMQ and for --id or --all on replay', async () => {
    await expect(vigil('queue', '--amqp-url', 'amqp://127.0.0.1:1', 'status')).rejects.toThrow(
      /--queue/,
    );
    await expect(vigil('queue', 'dlq', 'replay')).rejects.toThrow(/--id <ids...> or --all/);
    await expect(vigil('queue', 'dlq', 'replay', '--all', '--id', 'x')).rejects.toThrow(
      /--id <ids...> or --all/,
    );
  });
});

describe.skipIf(!pgUrl)('vigil queue on the PostgreSQL transport', () => {
  const schema = `vigil_t_${randomBytes(5).toString('hex')}`;
  const config: QueueConfigInput = {
    Transport: 'postgres',
    Url: pgUrl!,
    Schema: schema,
    PollIntervalMs: 50,
    DepthIntervalMs: 0,
  };
  const flags = ['queue', '--database-url', pgUrl!, '--schema', schema];

  afterAll(async () => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('shows status, lists a dead letter with its error and replays it', async () => {
    const transport = createTransport(config);
    let broken = true;
    const handled: string[] = [];
    const consumer = await transport.consume(
      'followup.visits',
      ['patient.enrolled'],
      async (e) => {
        if (broken) throw new Error('visit schedule missing for trial T-1');
        handled.push(e.id);
      },
      { maxAttempts: 1 },
    );
    try {
      await transport.publish({ id: 'evt-7', topic: 'patient.enrolled', body: '{}', headers: {} });
      await waitFor(async () => (await transport.dlq.list()).length === 1);

      const status = await vigil(...flags, 'status');
      expect(status).toMatch(/^QUEUE\s+READY\s+UNACKED\s+DELAYED\s+DEAD\s+CONSUMERS$/m);
      expect(status).toMatch(/^followup\.visits\s+0\s+0\s+0\s+1\s+-$/m);
      const json = JSON.parse(await vigil(...flags, 'status', '--json')) as unknown[];
      expect(json).toEqual([expect.objectContaining({ queue: 'followup.visits', dead: 1 })]);

      const list = await vigil(...flags, 'dlq', 'list');
      expect(list).toMatch(
        /evt-7\s+followup\.visits\s+patient\.enrolled\s+1\s+\S+\s+visit schedule missing for trial T-1$/m,
      );

      broken = false;
      expect(await vigil(...flags, 'dlq', 'replay', '--id', 'evt-7')).toBe(
        'replayed 1 dead letter\n',
      );
      await waitFor(() => handled.length === 1, { what: 'the replayed event' });
      expect(await vigil(...flags, 'dlq', 'list')).toBe('no dead letters\n');
    } finally {
      await consumer.stop();
      await transport.close();
    }
  });
});

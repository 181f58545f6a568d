import { requireService, waitFor } from '@vigil/testkit';
import { connect } from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { brokerTargets, unique } from '../test-support.js';
import { createTransport } from '../transport.js';

const amqpUrl = await requireService('rabbitmq');
const target = brokerTargets(amqpUrl)[0]![1];

describe.skipIf(!target)('RabbitMQ quorum queue delivery limit', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('dead-letters an event whose consumers keep dying before the ack', async () => {
    const box = await target!.open({ DeliveryLimit: 2 });
    cleanups.push(box.cleanup);
    const transport = createTransport(box.config);
    cleanups.push(() => transport.close());
    const queue = box.track(unique('q'));
    await transport.declare(queue, ['crash.loop']);
    await transport.publish({ id: 'c1', topic: 'crash.loop', body: '{}', headers: {} });

    // A consumer that never acks and returns the delivery, like a process dying mid-handler.
    const conn = await connect(amqpUrl!);
    cleanups.push(() => conn.close());
    const ch = await conn.createChannel();
    await ch.consume(queue, (msg) => msg && ch.nack(msg, false, true), { noAck: false });

    const [dead] = await waitFor(async () => {
      const list = await transport.dlq.list({ queue });
      return list.length === 1 && list;
    });
    expect(dead).toMatchObject({ id: 'c1', topic: 'crash.loop' });
    expect(dead!.error).toMatch(/delivery limit/);
  });
});

import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  EMBEDDED_QUEUE_DATABASE_URL,
  ServiceQueueConfigSchema,
  serviceQueueConfig,
  type ServiceQueueConfig,
} from './service-config.js';

const block = (input: object): ServiceQueueConfig =>
  Value.Default(ServiceQueueConfigSchema, input) as ServiceQueueConfig;

describe('a service Queue block', () => {
  it('picks the PostgreSQL transport in embedded mode and RabbitMQ in production', () => {
    const b = block({ AmqpUrl: 'amqp://u:p@mq:5672' });
    expect(serviceQueueConfig(b, 'embedded')).toMatchObject({
      Transport: 'postgres',
      Url: EMBEDDED_QUEUE_DATABASE_URL,
    });
    expect(serviceQueueConfig(b, 'production')).toMatchObject({
      Transport: 'rabbitmq',
      Url: 'amqp://u:p@mq:5672',
      Prefetch: 16,
    });
  });

  it('lets an explicit Transport win over the mode and passes tuning keys through', () => {
    const b = block({ Transport: 'rabbitmq', MaxAttempts: 3, Exchange: 'x' });
    expect(serviceQueueConfig(b, 'embedded')).toMatchObject({
      Transport: 'rabbitmq',
      MaxAttempts: 3,
      Exchange: 'x',
    });
  });

  it('fails naming the bad key', () => {
    expect(() => serviceQueueConfig(block({ MaxAttempts: 0 }), 'production')).toThrow(
      /MaxAttempts/,
    );
    expect(Value.Check(ServiceQueueConfigSchema, block({ Nope: 1 }))).toBe(false);
  });
});

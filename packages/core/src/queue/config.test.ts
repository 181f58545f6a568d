import { describe, expect, it } from 'vitest';
import { resolveQueueConfig } from './config.js';

describe('QueueConfigSchema', () => {
  it('fills every default from the schema', () => {
    expect(resolveQueueConfig({ Transport: 'rabbitmq', Url: 'amqp://127.0.0.1' })).toMatchObject({
      Exchange: 'vigil.events',
      QueueType: 'quorum',
      Prefetch: 16,
      MaxAttempts: 5,
      BackoffMs: 1000,
      VisibilityTimeoutMs: 30_000,
      Schema: 'public',
    });
  });

  it('names the bad key', () => {
    expect(() =>
      resolveQueueConfig({ Transport: 'postgres', Url: 'postgres://x', Prefetch: 0 }),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('/Prefetch'),
      }),
    );
    expect(() =>
      resolveQueueConfig({ Transport: 'postgres', Url: 'postgres://x', Schema: 'Robert"; drop' }),
    ).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: '/Schema' })] }),
    );
    expect(() => resolveQueueConfig({ Transport: 'kafka' as 'postgres', Url: 'x' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});

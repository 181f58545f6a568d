import { waitFor } from '@vigil/testkit';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createRpcClient } from './client.js';
import { createRpcServer } from './server.js';
import { captureLogger, echoHandlers, loadEcho, type EchoState } from './testdata/echo-fixture.js';

const echo = loadEcho();
const { logger } = captureLogger();

describe('rpc server shutdown', () => {
  it('lets a call in flight finish, then refuses new calls', async () => {
    const state: EchoState = { calls: 0, aborted: 0 };
    const server = createRpcServer({ ListenOn: '127.0.0.1:0' }, { logger, service: 'echo' });
    server.addService(echo.service, echoHandlers('a', logger, state));
    const { port } = await server.start();
    const client = createRpcClient(
      echo,
      { Endpoints: [`127.0.0.1:${port}`], Breaker: false },
      { logger, service: 'c' },
    );
    try {
      const slow = client.Echo({ message: 'in flight', action: 'sleep:300' });
      // Shut down only once the slow call is running in the handler.
      await waitFor(() => state.calls > 0, { what: 'the slow call to reach the handler' });
      const stopped = server.shutdown(5000);
      await expect(slow).resolves.toMatchObject({ message: 'in flight' });
      await stopped;
      const err = await client
        .Echo({ message: 'late' }, { timeoutMs: 1000 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('UNAVAILABLE');
    } finally {
      client.close();
    }
  });

  it('cuts calls still running when the grace period ends', async () => {
    const state: EchoState = { calls: 0, aborted: 0 };
    const server = createRpcServer({ ListenOn: '127.0.0.1:0' }, { logger, service: 'echo' });
    server.addService(echo.service, echoHandlers('a', logger, state));
    const { port } = await server.start();
    const client = createRpcClient(
      echo,
      { Endpoints: [`127.0.0.1:${port}`], Breaker: false, Timeout: 10_000 },
      { logger, service: 'c' },
    );
    try {
      const slow = client.Echo({ action: 'sleep:1900' }).catch((e: unknown) => e);
      await waitFor(() => state.calls > 0, { what: 'the slow call to reach the handler' });
      const started = Date.now();
      await server.shutdown(100);
      expect(Date.now() - started).toBeLessThan(1000);
      const err = await slow;
      expect(err).toBeInstanceOf(AppError);
    } finally {
      client.close();
    }
  });
});

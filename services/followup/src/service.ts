import type { Transport } from '@vigil/core';
import type { Config } from './config.js';
import { createService, type Service } from './server.gen.js';
import type { ServiceContext } from './svc/context.js';
import { createFollowupWorker, type FollowupWorker } from './worker/worker.js';

/** The generated HTTP service plus the worker (consumer and reminder poller) it runs. */
export interface FollowupService extends Service {
  readonly worker: FollowupWorker;
}

/**
 * The generated service plus what a contract cannot say: `/readyz` checks the database, and the
 * worker starts before the port opens (so `vigil start` sees the worker ready only once it
 * consumes) and stops before the context closes the database.
 */
export function createFollowupService(
  config: Config,
  svc: ServiceContext,
  options: { transport?: Transport } = {},
): FollowupService {
  const service = createService(config, svc);
  service.http.addReadinessCheck('database', () => svc.database.ping());
  const worker = createFollowupWorker(svc, {
    registry: service.http.registry,
    ...(options.transport && { transport: options.transport }),
  });
  // Closers run in reverse order: the worker stops before svc.close() releases the database.
  service.http.onClose(() => worker.stop());
  return {
    http: service.http,
    worker,
    async start() {
      await worker.start();
      await service.start();
    },
  };
}

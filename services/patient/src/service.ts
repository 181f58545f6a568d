import type { Config } from './config.js';
import { createService, type Service } from './server.gen.js';
import type { ServiceContext } from './svc/context.js';

/**
 * The generated service plus what a contract cannot say: `/readyz` checks the database (the
 * cache degrades to the database by itself, so it is not a readiness dependency).
 */
export function createPatientService(config: Config, svc: ServiceContext): Service {
  const service = createService(config, svc);
  service.http.addReadinessCheck('database', () => svc.database.ping());
  return service;
}

import type { Metric } from 'prom-client';
import type { Config } from './config.js';
import { createService, type Service } from './server.gen.js';
import type { ServiceContext } from './svc/context.js';

/**
 * The generated service plus what a contract cannot say: `/readyz` checks the database (the
 * cache degrades to the database by itself, so it is not a readiness dependency), batch
 * enrolment answers 201 (the `.api` language has no status codes), and the outbox relay's
 * metrics join the service's /metrics.
 */
export function createPatientService(config: Config, svc: ServiceContext): Service {
  const service = createService(config, svc);
  service.http.addReadinessCheck('database', () => svc.database.ping());
  service.http.setSuccessStatus('POST', '/api/v1/patient/patients/batch', 201);
  // getMetricsAsArray returns the metric objects themselves (typed as their JSON shape).
  for (const metric of svc.queueRegistry.getMetricsAsArray()) {
    service.http.registry.registerMetric(metric as unknown as Metric);
  }
  return service;
}

import type { Metric } from 'prom-client';
import type { Config } from './config.js';
import { createService, type Service } from './server.gen.js';
import type { ServiceContext } from './svc/context.js';

/** Routes that create and answer 201 Created (the `.api` language has no status codes). */
const CREATED_ROUTES = new Set(['/api/v1/patient/patients/batch']);

/**
 * The generated service plus what a contract cannot say: `/readyz` checks the database (the
 * cache degrades to the database by itself, so it is not a readiness dependency), batch
 * enrolment answers 201, and the outbox relay's metrics join the service's /metrics.
 */
export function createPatientService(config: Config, svc: ServiceContext): Service {
  const service = createService(config, svc);
  service.http.addReadinessCheck('database', () => svc.database.ping());
  // FIXME: a success status belongs in the contract; vigilctl has no way to say it yet.
  service.http.app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 200 && CREATED_ROUTES.has(request.routeOptions.url ?? '')) {
      void reply.code(201);
    }
    return payload;
  });
  // getMetricsAsArray returns the metric objects themselves (typed as their JSON shape).
  for (const metric of svc.queueRegistry.getMetricsAsArray()) {
    service.http.registry.registerMetric(metric as unknown as Metric);
  }
  return service;
}

import type { Config } from './config.js';
import { createService, type Service } from './server.gen.js';
import type { ServiceContext } from './svc/context.js';

/**
 * The generated service plus what a contract cannot say: the JWKS at its well-known address
 * (goctl's path grammar has no `.well-known` segment) and the database readiness check.
 */
export function createIdentityService(config: Config, svc: ServiceContext): Service {
  const service = createService(config, svc);
  const { http } = service;
  http.addReadinessCheck('database', () => svc.database.ping());
  http.app.get('/.well-known/jwks.json', async (_request, reply) => {
    // Verifiers cache the set and refetch on an unknown kid; a short max-age keeps proxies honest.
    void reply.header('cache-control', 'public, max-age=60');
    return svc.identity.keyRing.jwks();
  });
  return service;
}

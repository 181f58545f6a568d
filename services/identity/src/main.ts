// Safe to edit: created once by vigilctl, never overwritten. Entry point of the identity
// service: node --conditions=vigil-source --import tsx src/main.ts -f etc/identity.yaml
import {
  configFileFromArgs,
  formatConfigError,
  initTelemetry,
  loadConfigOrExit,
} from '@vigil/core';
import { ConfigSchema } from './config.js';
import { createIdentityService } from './service.js';
import { createServiceContext, type ServiceContext } from './svc/context.js';

const configFile = configFileFromArgs(process.argv.slice(2), 'etc/identity.yaml');
const config = loadConfigOrExit(ConfigSchema, configFile);
// Before anything that queries or calls: spans start with the first request.
await initTelemetry(config.Telemetry, config.Name);
let svc: ServiceContext;
try {
  svc = await createServiceContext(config);
} catch (err) {
  // One line, no stack: an unreachable database, pending migrations, demo users in production.
  process.stderr.write(`${config.Name}: cannot start: ${formatConfigError(err)}\n`);
  process.exit(1);
}
const service = createIdentityService(config, svc);
await service.start();

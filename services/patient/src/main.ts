// Safe to edit: created once by vigilctl, never overwritten. Entry point of the patient
// service: node --conditions=vigil-source --import tsx src/main.ts -f etc/patient.yaml
import { configFileFromArgs, initTelemetry, loadConfigOrExit } from '@vigil/core';
import { ConfigSchema } from './config.js';
import { createPatientService } from './service.js';
import { createServiceContext } from './svc/context.js';

const configFile = configFileFromArgs(process.argv.slice(2), 'etc/patient.yaml');
const config = loadConfigOrExit(ConfigSchema, configFile);
// Before anything that queries or calls: spans start with the first request.
await initTelemetry(config.Telemetry, config.Name);
const svc = await createServiceContext(config);
const service = createPatientService(config, svc);
await service.start();

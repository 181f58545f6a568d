// Safe to edit: created once by vigilctl, never overwritten. Entry point of the followup
// worker: node --conditions=vigil-source --import tsx src/main.ts -f etc/followup.yaml
import { configFileFromArgs, loadConfigOrExit } from '@vigil/core';
import { ConfigSchema } from './config.js';
import { createFollowupService } from './service.js';
import { createServiceContext } from './svc/context.js';

const configFile = configFileFromArgs(process.argv.slice(2), 'etc/followup.yaml');
const config = loadConfigOrExit(ConfigSchema, configFile);
const svc = await createServiceContext(config);
const service = createFollowupService(config, svc);
await service.start();

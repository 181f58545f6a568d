// Test support: the followup service as its own process, for tests that SIGKILL it. The parent
// passes the loaded config as JSON (FOLLOWUP_CHILD_CONFIG); the child runs what main.ts runs.
import type { Config } from '../config.js';
import { createFollowupService } from '../service.js';
import { createServiceContext } from '../svc/context.js';

const config = JSON.parse(process.env.FOLLOWUP_CHILD_CONFIG ?? '') as Config;
const svc = await createServiceContext(config);
const service = createFollowupService(config, svc);
await service.start();
process.stdout.write('ready\n');

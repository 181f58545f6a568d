// A server process for the graceful-shutdown test: one slow route, signals handled by the runtime.
import { createLogger } from '../../log/index.js';
import { createRestServer } from '../index.js';
import { testConfig } from './test-config.js';

const server = createRestServer(testConfig({ ShutdownTimeoutMs: 5000 }), {
  logger: createLogger({ service: 'slow', level: 'warn' }),
});
server.addRoutes({}, [
  {
    method: 'GET',
    path: '/slow',
    handler: 'Slow',
    handle: () => new Promise((resolve) => setTimeout(() => resolve({ finished: true }), 700)),
  },
]);
server.onClose(() => {
  process.stdout.write('closed resources\n');
});
server.handleSignals();
const url = await server.start();
process.stdout.write(`LISTENING ${url}\n`);

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEMO_LOGINS, DEMO_PASSWORD_TEXT, seedDemo } from '../seed/demo-seed.js';
import {
  discoverServices,
  serviceAddressEnv,
  type ServiceEntry,
} from '../supervisor/service-catalog.js';
import { startEmbeddedDatabases } from '../supervisor/embedded-databases.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { repoRoot } from '../repo-root.js';

interface StartOptions {
  mode: 'embedded' | 'production';
  reset: boolean;
  only?: string;
  verbose: boolean;
  stateDir?: string;
}

/** `vigil start`: the whole platform, one process per service, supervised. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start every Vigil service (embedded mode: no servers needed, demo data seeded)')
    .option('--mode <mode>', 'embedded | production', 'embedded')
    .option('--reset', 'embedded mode: delete .vigil data and start over', false)
    .option('--only <services>', 'comma-separated subset of services to start')
    .option('--verbose', 'stream every service log line to this terminal', false)
    .option('--state-dir <dir>', 'embedded data and logs (default: .vigil in the repo)')
    .action(async (options: StartOptions) => {
      await start(options);
    });
}

/** Seeds the demo trial the first time an embedded platform starts (`--reset` starts over). */
async function seedOnFirstStart(
  stateDir: string,
  env: NodeJS.ProcessEnv,
  services: ServiceEntry[],
  print: (line: string) => void,
): Promise<void> {
  const marker = path.join(stateDir, 'demo-seeded');
  const names = new Set(services.map((s) => s.name));
  if (existsSync(marker) || !names.has('identity') || !names.has('patient')) return;
  await seedDemo(env, print);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

async function start(options: StartOptions): Promise<void> {
  const root = repoRoot();
  const stateDir = path.resolve(
    options.stateDir ?? process.env.VIGIL_STATE_DIR ?? path.join(root, '.vigil'),
  );
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (options.mode !== 'embedded' && options.mode !== 'production') {
    throw new Error(`--mode must be embedded or production, got "${String(options.mode)}"`);
  }
  if (options.reset) {
    rmSync(stateDir, { recursive: true, force: true });
    print(`Reset: removed ${stateDir} (data and logs).`);
  }
  let services = discoverServices(root);
  if (options.only) {
    const wanted = new Set(options.only.split(',').map((s) => s.trim()));
    services = services.filter((s) => wanted.has(s.name));
  }
  if (!services.length)
    throw new Error('no services to start (services/*/package.json with a "vigil" field)');

  print(`Starting Vigil (${options.mode} mode): ${services.map((s) => s.name).join(', ')}`);
  const env: NodeJS.ProcessEnv = {
    ...serviceAddressEnv(discoverServices(root)),
    ...process.env,
    VIGIL_MODE: options.mode,
    VIGIL_STATE_DIR: stateDir,
  };
  const embedded =
    options.mode === 'embedded'
      ? await startEmbeddedDatabases(stateDir, services, env, print)
      : undefined;
  if (embedded) await seedOnFirstStart(stateDir, env, services, print);
  const supervisor = new Supervisor({
    env,
    logDir: path.join(stateDir, 'logs'),
    print,
    verbose: options.verbose,
  });
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    print(`\n${signal}: stopping services…`);
    await supervisor.stopAll();
    await embedded?.stop();
    print('All services stopped.');
    process.exit(0);
  };
  // Ctrl-C, a process manager's stop, a closed terminal: services first, their database last.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }

  try {
    await supervisor.startAll(services);
  } catch (err) {
    print(`\nStart-up failed: ${err instanceof Error ? err.message : String(err)}`);
    await supervisor.stopAll();
    await embedded?.stop();
    process.exit(1);
  }
  print('');
  print('Vigil is running. URLs:');
  const gateway = services.find((s) => s.name === 'gateway');
  if (gateway) {
    print(
      `  gateway   http://127.0.0.1:${gateway.httpPort}  (API: /api/v1/<service>/…, docs: /docs)`,
    );
  }
  for (const s of services.filter((x) => x.name !== 'gateway')) {
    const grpc = s.grpcPort ? `, gRPC 127.0.0.1:${s.grpcPort}` : '';
    print(`  ${s.name.padEnd(9)} http://127.0.0.1:${s.httpPort}${grpc}`);
  }
  if (options.mode === 'embedded' && services.some((s) => s.name === 'identity')) {
    print('');
    print(`Demo logins (password ${DEMO_PASSWORD_TEXT}; embedded mode only):`);
    for (const login of DEMO_LOGINS)
      print(`  ${login.username.padEnd(13)} ${login.role}: ${login.scope}`);
    const gatewayUrl = gateway ? `http://127.0.0.1:${gateway.httpPort}` : '<identity>';
    print(
      `  e.g. curl -s ${gatewayUrl}/api/v1/identity/login -H 'content-type: application/json' \\`,
    );
    print(`         -d '{"username":"investigator","password":"${DEMO_PASSWORD_TEXT}"}'`);
  }
  print(`Logs: ${path.join(stateDir, 'logs')}/<service>.log   Stop: Ctrl-C`);
}

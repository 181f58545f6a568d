#!/usr/bin/env node
// `vigil`: the operators' CLI. Each command lives in src/commands/<name>.ts.
import { Command } from 'commander';
import { registerAuditCommand } from './commands/audit.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerQueueCommand } from './commands/queue.js';
import { registerRiskCommand } from './commands/risk.js';
import { registerSeedCommand } from './commands/seed.js';
import { registerStartCommand } from './commands/start.js';
import { registerUserCommand } from './commands/user.js';

const program = new Command('vigil')
  .description("Vigil clinical research monitoring platform: operators' CLI")
  .showHelpAfterError();

registerStartCommand(program);
registerRiskCommand(program);
registerMigrateCommand(program);
registerSeedCommand(program);
registerUserCommand(program);
registerQueueCommand(program);
registerAuditCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`vigil: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

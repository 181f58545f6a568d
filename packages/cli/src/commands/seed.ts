import type { Command } from 'commander';
import { DEMO_LOGINS, DEMO_PASSWORD_TEXT, seedDemo } from '../seed/demo-seed.js';

/** `vigil seed demo`: the demo trial and users (what the first embedded `vigil start` does). */
export function registerSeedCommand(program: Command): void {
  const seed = program.command('seed').description('load data sets into the databases');
  seed
    .command('demo')
    .description('demo trial VIG-001 (5 sites × 40 patients) and the demo users (idempotent)')
    .action(async () => {
      const print = (line: string) => process.stdout.write(`${line}\n`);
      print('Seeding the demo trial…');
      await seedDemo(process.env, print);
      print(`Demo logins (password ${DEMO_PASSWORD_TEXT}, embedded mode only):`);
      for (const login of DEMO_LOGINS)
        print(`  ${login.username.padEnd(13)} ${login.role}: ${login.scope}`);
    });
}

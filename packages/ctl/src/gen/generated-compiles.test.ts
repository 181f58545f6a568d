// The code generated for contracts using every feature (test/fixtures/gen/demo.api: all field
// locations, tag options, middleware, jwt; rich.proto: enums, nested and imported messages, maps,
// oneofs, streaming; and a gRPC-only service) type-checks under the repo's strict compiler settings.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runServiceGen } from './service.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/gen/', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('type-checks with tsc (strict, noUncheckedIndexedAccess, verbatimModuleSyntax)', async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-gen-tsc-'));
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  // Two services: HTTP + gRPC, and gRPC only (its server.gen.ts has no routes).
  for (const [name, contracts] of [
    ['both', ['demo.api', 'rich.proto']],
    ['rpc-only', ['rich.proto']],
  ] as const) {
    await mkdir(join(dir, name));
    for (const c of contracts) await copyFile(join(FIXTURES, c), join(dir, name, c));
    const r = await runServiceGen({ dir: join(dir, name), httpPort: 18080, grpcPort: 19090 });
    expect(r.failed).toBe(false);
  }
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(REPO, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, composite: false, incremental: false, declaration: false },
      include: ['both/src', 'rpc-only/src'],
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'],
    { cwd: dir, encoding: 'utf8' },
  );
  // Only the generated service's own diagnostics count (@vigil/core is type-checked by tsc -b).
  const ours = tsc.stdout.split('\n').filter((l) => /^(both|rpc-only)\//.test(l));
  expect(ours).toEqual([]);
}, 180_000);

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/load-or-exit.ts', import.meta.url));

/** Runs the fixture main the way services are started in development. */
function runMain(file: string, env: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    ['--conditions=vigil-source', '--import', 'tsx', script, '-f', file],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 60_000,
    },
  );
}

describe('loadConfigOrExit in a real process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a bad file exits 1 with exactly one line on stderr and no stack trace', () => {
    const file = join(dir, 'patient.yaml');
    writeFileSync(file, 'Name: patient\nPort: abc\n');
    const run = runMain(file);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${file}: Port: expected integer 1..65535, got "abc"\n`);
    expect(run.stdout).toBe('');
  });

  it('a good file starts, with ${VAR} taken from the environment', () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'Name: patient\nPort: ${PORT:-8002}\n');
    const run = runMain(file, { PORT: '9002' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('patient on port 9002\n');
    expect(run.status).toBe(0);
  });
});

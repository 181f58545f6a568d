// A child that dies during start-up: its output reaches its log file (written by the child
// itself, or relayed line by line with --verbose) and its last lines reach the error and events.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildService, type ChildEvent } from './child-service.js';
import type { ServiceEntry } from './service-catalog.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dyingService(lines: number): ServiceEntry {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-child-'));
  dirs.push(dir);
  const entry = path.join(dir, 'main.mjs');
  writeFileSync(
    entry,
    [
      "console.error('starting on stderr');",
      `for (let i = 1; i <= ${lines}; i++) console.log('line ' + i);`,
      "console.log('fatal: cannot start');",
      // exitCode, not exit(): a piped stdout is flushed before the process ends.
      'process.exitCode = 3;',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'svc.yaml'), 'Name: svc\n');
  return {
    name: 'svc',
    // The child runs where the real services do, so `--import tsx` resolves.
    dir: fileURLToPath(new URL('../..', import.meta.url)),
    order: 1,
    httpPort: 1, // nothing listens there: the child never becomes healthy
    worker: false,
    entry,
    config: path.join(dir, 'svc.yaml'),
  };
}

describe.each([false, true])('ChildService (streamLines %s)', (streamLines) => {
  it('names the last lines of a child that exits during start-up, and logs them all', async () => {
    const service = dyingService(500);
    const logDir = path.join(path.dirname(service.entry), 'logs');
    const events: ChildEvent[] = [];
    const child = new ChildService(service, {
      env: process.env,
      logDir,
      streamLines,
      maxRestarts: 0,
      onEvent: (e) => events.push(e),
    });
    const failure = await child.start().then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    await child.stop(1000);
    expect(failure?.message).toMatch(/^svc exited during start-up:\n/);
    const shown = failure!.message.split('\n').slice(1);
    expect(shown).toHaveLength(20);
    expect(shown.slice(-2)).toEqual(['line 500', 'fatal: cannot start']);
    const gaveUp = events.find((e) => e.kind === 'gave-up');
    expect(gaveUp && 'tail' in gaveUp ? gaveUp.tail : []).toEqual(shown);
    const file = readFileSync(path.join(logDir, 'svc.log'), 'utf8');
    expect(file).toContain('line 1\n');
    expect(file).toContain('starting on stderr');
    expect(file).toContain('fatal: cannot start');
    const streamed = events.filter((e) => e.kind === 'log');
    expect(streamed.length).toBe(streamLines ? 502 : 0);
  });
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('graceful shutdown', () => {
  it('lets an in-flight request finish with 200 after SIGTERM, then closes resources and exits 0', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=vigil-source', '--import', 'tsx', path.join(here, 'testdata/slow-server.ts')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /LISTENING (\S+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const inFlight = fetch(`${url}/slow`);
    // Signal only once the request is being handled.
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    expect(await exited).toBe(0);
    expect(stdout).toContain('closed resources');
    // New connections are refused once it is gone.
    await expect(fetch(`${url}/slow`)).rejects.toThrow();
  });
});

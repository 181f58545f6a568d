// The entry point and health check run as they would in the image: the entry point with a fake
// `node` first on PATH (it prints its working folder and arguments), the health check with the
// real node against a real HTTP server.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRYPOINT_SCRIPT, HEALTHCHECK_SCRIPT } from './container-scripts.js';

let home = '';
let bin = '';
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'vigil-image-'));
  bin = join(home, 'bin');
  mkdirSync(bin);
  for (const [file, text] of [
    ['vigil-entrypoint', ENTRYPOINT_SCRIPT],
    ['vigil-healthcheck', HEALTHCHECK_SCRIPT],
    ['node', '#!/bin/sh\necho "cwd=$(pwd)"\necho "args=$*"\n'],
  ] as const) {
    writeFileSync(join(bin, file), text);
    chmodSync(join(bin, file), 0o755);
  }
  const app = (dir: string, main: string, httpPort: number) => {
    mkdirSync(join(home, dir, main, '..'), { recursive: true });
    writeFileSync(join(home, dir, 'package.json'), JSON.stringify({ vigil: { httpPort } }));
    writeFileSync(join(home, dir, main), '');
  };
  app('services/gateway', 'dist/main.js', 8888);
  app('services/identity', 'dist/src/main.js', 8001);
  mkdirSync(join(home, 'services/unbuilt'), { recursive: true });
  writeFileSync(join(home, 'services/unbuilt/package.json'), '{}');
  app('packages/cli', 'dist/bin.js', 1);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function entrypoint(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(join(bin, 'vigil-entrypoint'), args, {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, VIGIL_HOME: home, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('vigil-entrypoint', () => {
  it("runs a service's compiled main from its folder with its config", () => {
    const r = entrypoint(['gateway']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `cwd=${join(home, 'services/gateway')}\nargs=dist/main.js -f etc/gateway.yaml\n`,
    );
  });

  it('finds dist/src/main.js and passes extra arguments after the default config', () => {
    const r = entrypoint(['identity', '-f', '/etc/vigil/identity.yaml']);
    expect(r.out).toContain(
      'args=dist/src/main.js -f etc/identity.yaml -f /etc/vigil/identity.yaml',
    );
  });

  it('takes the service from VIGIL_SERVICE when no argument is given', () => {
    expect(entrypoint([], { VIGIL_SERVICE: 'gateway' }).out).toContain('args=dist/main.js');
  });

  it('runs the operators CLI for migrate and vigil', () => {
    expect(entrypoint(['migrate', '--service', 'identity']).out).toContain(
      `args=${join(home, 'packages/cli/dist/bin.js')} migrate --service identity`,
    );
    expect(entrypoint(['vigil', 'start', '--mode', 'production']).out).toContain(
      'dist/bin.js start --mode production',
    );
  });

  it('refuses unknown services and paths, listing the services', () => {
    for (const name of ['nope', '../packages/cli', '.']) {
      const r = entrypoint([name]);
      expect(r.code, name).toBe(64);
      expect(r.err).toContain(`unknown service "${name}"`);
      expect(r.err).toContain('services: gateway identity unbuilt');
    }
    expect(entrypoint([]).code).toBe(64);
    expect(entrypoint(['help']).code).toBe(0);
  });

  it('says so when a service was not built', () => {
    const r = entrypoint(['unbuilt']);
    expect(r.code).toBe(70);
    expect(r.err).toContain('no compiled dist/main.js');
  });
});

describe('vigil-healthcheck', () => {
  let server: Server;
  let port = 0;
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/readyz' ? status : 200;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function check(args: string[], env: Record<string, string>) {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(bin, 'vigil-healthcheck'), ...args], {
      env: { VIGIL_HOME: home, ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, out };
  }

  it('passes on 2xx from the service port given by <NAME>_HTTP_PORT', async () => {
    expect(await check([], { VIGIL_SERVICE: 'gateway', GATEWAY_HTTP_PORT: String(port) })).toEqual({
      code: 0,
      out: '',
    });
  });

  it('fails with the reason on a non-2xx answer', async () => {
    status = 503;
    const r = await check(['/readyz', 'gateway'], { GATEWAY_HTTP_PORT: String(port) });
    expect(r).toEqual({ code: 1, out: 'unhealthy: gateway answered /readyz with 503\n' });
  });

  it("reads the port from the service's package.json and fails when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    writeFileSync(
      join(home, 'services/gateway/package.json'),
      JSON.stringify({ vigil: { httpPort: free } }),
    );
    const r = await check(['/healthz', 'gateway'], {});
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^unhealthy: gateway \/healthz: .*ECONNREFUSED/);
  });

  it('fails when it cannot tell which service to check', async () => {
    expect((await check(['/healthz'], {})).out).toBe('unhealthy: no service to check\n');
  });
});

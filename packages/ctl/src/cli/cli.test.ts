import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { runCli } from './main.js';

const BIN = fileURLToPath(new URL('../../bin/vigilctl.js', import.meta.url));
const PATIENT = fileURLToPath(new URL('../../test/fixtures/seed/patient.api', import.meta.url));

function vigilctl(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function run(args: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => stdin,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-ctl-cli-'));
  await writeFile(join(dir, 'bad.api'), 'type A {\n\tB C\n}\n');
  await writeFile(join(dir, 'broken.api'), 'service s {\n\t@handler h\n\tget\n}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('vigilctl binary', () => {
  it('prints the inspect JSON of the seed patient.api', () => {
    const r = vigilctl(['api', 'inspect', '--api', PATIENT, '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.service).toBe('patient-api');
    expect(json.routes).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/patient/info/:patientId',
        handler: 'GetPatientInfo',
        request: 'GetPatientInfoReq',
        response: 'GetPatientInfoResp',
        group: 'patient',
        jwt: null,
        doc: '获取患者详细信息',
      }),
    ]);
  });

  it('exits 1 with file:line:col: message and no stack trace', () => {
    const semantic = vigilctl(['api', 'validate', '--api', 'bad.api'], dir);
    expect(semantic.code).toBe(1);
    expect(semantic.stdout).toBe('');
    expect(semantic.stderr).toBe('bad.api:2:4: unresolved type <C>\n');
    const syntax = vigilctl(['api', 'inspect', '--api', 'broken.api', '--json'], dir);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toBe("broken.api:4:1: syntax error: expected '/', got '}'\n");
    const missing = vigilctl(['api', 'validate', '--api', 'nope.api'], dir);
    expect(missing).toMatchObject({ code: 1, stderr: 'nope.api:1:1: cannot read file (ENOENT)\n' });
    for (const r of [semantic, syntax, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on an unknown command', () => {
    const r = vigilctl(['api', 'frobnicate'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe('vigilctl api format', () => {
  it('prints, rewrites, checks and reads stdin', async () => {
    const f = join(dir, 'fmt.api');
    await writeFile(f, 'type A{B int}');
    expect(await run(['api', 'format', '--api', f])).toEqual({
      code: 0,
      stdout: 'type A {\n\tB int\n}\n',
      stderr: '',
    });
    expect((await run(['api', 'format', '--api', f, '--check'])).code).toBe(1);
    expect((await run(['api', 'format', '--api', f, '--write'])).code).toBe(0);
    expect(await readFile(f, 'utf8')).toBe('type A {\n\tB int\n}\n');
    expect(await run(['api', 'format', '--api', f, '--check'])).toMatchObject({
      code: 0,
      stdout: '',
    });
    expect(await run(['api', 'format', '--stdin'], 'syntax="v1"')).toMatchObject({
      code: 0,
      stdout: 'syntax = "v1"\n',
    });
  });

  it('formats every .api file below --dir and reports broken ones', async () => {
    const d = join(dir, 'tree');
    await mkdir(join(d, 'sub'), { recursive: true });
    await writeFile(join(d, 'a.api'), 'type A{}');
    await writeFile(join(d, 'sub', 'b.api'), 'syntax="v1"');
    await writeFile(join(d, 'sub', 'c.api'), 'type {');
    const r = await run(['api', 'format', '--dir', d]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('c.api:1:6: syntax error');
    expect(await readFile(join(d, 'a.api'), 'utf8')).toBe('type A {}\n');
    expect(await readFile(join(d, 'sub', 'b.api'), 'utf8')).toBe('syntax = "v1"\n');
  });

  it('needs exactly one input', async () => {
    expect(await run(['api', 'format'])).toMatchObject({ code: 1 });
  });

  it('validates and summarises', async () => {
    expect(await run(['api', 'validate', '--api', PATIENT])).toMatchObject({
      code: 0,
      stdout: `${PATIENT}: ok (3 types, 1 routes)\n`,
    });
    const r = await run(['api', 'inspect', '--api', PATIENT]);
    expect(r.stdout).toContain('GET     /api/v1/patient/info/:patientId (GetPatientInfoReq)');
  });
});

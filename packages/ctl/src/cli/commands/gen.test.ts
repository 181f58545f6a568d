// `vigilctl gen` / `api ts` / `rpc ts` / `api client` / `api openapi` through runCli, as
// `npm run gen` and `npm run gen:check` use them.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { runCli } from '../main.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => '',
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

let root = '';
let patient = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-gen-cli-'));
  patient = join(root, 'services', 'patient');
  await mkdir(patient, { recursive: true });
  await copyFile(join(FIXTURES, 'seed/patient-full.api'), join(patient, 'patient.api'));
  await copyFile(join(FIXTURES, 'gen/patient.proto'), join(patient, 'patient.proto'));
  // A folder without a contract is not a generated service.
  await mkdir(join(root, 'services', 'gateway'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('vigilctl gen', () => {
  it('creates a service with api ts, then gen --check passes and catches drift', async () => {
    const created = await run([
      'api',
      'ts',
      '--api',
      join(patient, 'patient.api'),
      '--dir',
      patient,
      '--port',
      '8002',
      '--grpc-port',
      '9002',
    ]);
    expect(created.stderr).toBe(
      `note: ${join(patient, 'package.json')} is new: run \`npm install\` to link the workspace\n`,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`wrote ${join(patient, 'src/routes.gen.ts')}`);
    expect(created.stdout).toContain(
      `created ${join(patient, 'src/logic/patient/get-patient-info.ts')} (yours to edit)`,
    );
    expect(await run(['gen', '--all', '--check', '--root', root])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const handler = join(patient, 'src/handler/patient/get-patient-info.gen.ts');
    await writeFile(handler, 'drift');
    const check = await run(['gen', '--all', '--check', '--root', root]);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(`out of date: ${handler}\n`);
    expect(check.stderr).toContain('run `npm run gen`');
    expect(await readFile(handler, 'utf8')).toBe('drift');
    expect((await run(['gen', '--all', '--root', root])).stdout).toBe(`wrote ${handler}\n`);
    expect((await run(['gen', '--all', '--check', '--root', root])).code).toBe(0);
  });

  it('rpc ts keeps the routes of the .api in the same folder', async () => {
    const r = await run(['rpc', 'ts', '--proto', join(patient, 'patient.proto'), '--dir', patient]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(join(patient, 'src/server.gen.ts'), 'utf8')).toContain('registerRoutes');
  });

  it('writes clients and the OpenAPI document to a chosen file', async () => {
    const out = join(root, 'web', 'patient.gen.ts');
    expect(
      (await run(['api', 'client', '--api', join(patient, 'patient.api'), '--out', out])).code,
    ).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('export function createPatientApiClient(');
    const rpcOut = join(root, 'other', 'patient-rpc.gen.ts');
    expect(
      (await run(['rpc', 'client', '--proto', join(patient, 'patient.proto'), '--out', rpcOut]))
        .code,
    ).toBe(0);
    expect(await readFile(rpcOut, 'utf8')).toContain('export function createPatientServiceClient(');
    const doc = await run(['api', 'openapi', '--api', join(patient, 'patient.api')]);
    expect(JSON.parse(doc.stdout)).toMatchObject({ openapi: '3.1.0' });
  });

  it('fails with file:line:col for a contract the generator cannot express', async () => {
    const dir = join(root, 'services', 'bad');
    await mkdir(dir);
    await writeFile(
      join(dir, 'bad.api'),
      'type Req {\n\tId string `path:"id"`\n}\nservice bad-api {\n\t@handler Get\n\tget /x (Req)\n}\n',
    );
    const r = await run(['gen', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.api:6:');
    expect(r.stderr).toContain('path field Id (id) of Req is not a parameter of the path');
  });
});

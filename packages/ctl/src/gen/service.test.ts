// What `vigilctl api ts` / `rpc ts` / `gen` put in a service folder: goctl's layout in
// TypeScript, headers on every file, byte-identical regeneration, hand-owned files never touched,
// stale handlers removed, scaffolds already formatted as Prettier wants.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateService, runServiceGen } from './service.js';
import { GENERATED_HEADER } from './write-files.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-gen-service-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A service folder named `name` holding the seed's patient.api (with jwt) and patient.proto. */
async function patientDir(name: string): Promise<string> {
  const dir = join(tmp, name, 'patient');
  await mkdir(dir, { recursive: true });
  await copyFile(join(FIXTURES, 'seed/patient-full.api'), join(dir, 'patient.api'));
  await copyFile(join(FIXTURES, 'gen/patient.proto'), join(dir, 'patient.proto'));
  return dir;
}

describe('service generation', () => {
  it("lays out the seed's patient service like goctl's output", async () => {
    const dir = await patientDir('layout');
    const r = await runServiceGen({ dir, httpPort: 8002, grpcPort: 9002, order: 20 });
    expect(r.messages).toEqual([]);
    expect(r.report?.written).toEqual([
      'src/client.gen.ts',
      'src/handler/patient/get-patient-info.gen.ts',
      'src/openapi.gen.ts',
      'src/routes.gen.ts',
      'src/rpc/client.gen.ts',
      'src/rpc/patient.gen.ts',
      'src/rpc/server.gen.ts',
      'src/server.gen.ts',
      'src/types.gen.ts',
    ]);
    expect(r.report?.created).toEqual([
      'etc/patient.yaml',
      'package.json',
      'src/config.ts',
      'src/logic/patient/get-patient-info.ts',
      'src/main.ts',
      'src/rpc/logic/get-patient.ts',
      'src/svc/context.ts',
      'tsconfig.json',
    ]);
    for (const f of r.files) {
      const first = f.content.split('\n')[0];
      if (f.kind === 'generated') expect(first, f.path).toBe(GENERATED_HEADER);
      else if (f.path.endsWith('.ts') || f.path.endsWith('.yaml')) {
        expect(first, f.path).toMatch(/Safe to edit|safe to edit/);
      }
    }
    const yaml = await readFile(join(dir, 'etc/patient.yaml'), 'utf8');
    expect(yaml).toContain('Port: ${PATIENT_HTTP_PORT:-8002}');
    expect(yaml).toContain('ListenOn: ${VIGIL_HOST:-127.0.0.1}:${PATIENT_GRPC_PORT:-9002}');
    expect(yaml).toContain('AccessSecret: ${PATIENT_AUTH_SECRET:-');
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as unknown;
    expect(pkg).toMatchObject({
      name: '@vigil/patient',
      type: 'module',
      vigil: { order: 20, httpPort: 8002, grpcPort: 9002 },
    });
    const routes = await readFile(join(dir, 'src/routes.gen.ts'), 'utf8');
    expect(routes).toContain("{ prefix: '/api/v1/patient', jwt: 'Auth' }");
    expect(routes).toContain("params: Type.Pick(T.GetPatientInfoReq, ['patientId'])");
  });

  it('regenerates byte-identically and never touches hand-written files', async () => {
    const a = await patientDir('a');
    const b = await patientDir('b');
    const ra = await generateService({ dir: a, httpPort: 8002, grpcPort: 9002 });
    const rb = await generateService({ dir: b, httpPort: 8002, grpcPort: 9002 });
    expect(ra.files).toEqual(rb.files);
    await runServiceGen({ dir: a, httpPort: 8002, grpcPort: 9002 });
    const logic = join(a, 'src/logic/patient/get-patient-info.ts');
    await writeFile(logic, '// mine\n');
    const again = await runServiceGen({ dir: a });
    expect(again.report).toMatchObject({ written: [], created: [], removed: [] });
    expect(again.report?.kept).toContain('src/logic/patient/get-patient-info.ts');
    expect(await readFile(logic, 'utf8')).toBe('// mine\n');
  });

  it('check mode reports drift without writing; stale handlers go, their logic stays', async () => {
    const dir = await patientDir('drift');
    await runServiceGen({ dir, httpPort: 8002, grpcPort: 9002 });
    const types = join(dir, 'src/types.gen.ts');
    await writeFile(types, `${GENERATED_HEADER}\n// edited\n`);
    const check = await runServiceGen({ dir }, true);
    expect(check.report?.written).toEqual(['src/types.gen.ts']);
    expect(await readFile(types, 'utf8')).toContain('// edited');
    // Rename the handler: the old handler file is stale, the old logic is the person's.
    const api = join(dir, 'patient.api');
    await writeFile(
      api,
      (await readFile(api, 'utf8')).replace('@handler GetPatientInfo', '@handler GetPatient'),
    );
    const renamed = await runServiceGen({ dir });
    expect(renamed.report?.removed).toEqual(['src/handler/patient/get-patient-info.gen.ts']);
    expect(renamed.report?.created).toEqual(['src/logic/patient/get-patient.ts']);
    await expect(
      readFile(join(dir, 'src/logic/patient/get-patient-info.ts'), 'utf8'),
    ).resolves.toContain('GetPatientInfoLogic');
  });

  it('writes scaffolds exactly as Prettier formats them, at any folder depth', async () => {
    const config = await prettier.resolveConfig(join(REPO, 'package.json'));
    for (const dir of [
      join(REPO, 'services', 'patient'),
      join(REPO, 'services', 'very-long-folder-name', 'nested', 'patient'),
    ]) {
      const r = await generateService({
        dir,
        api: join(FIXTURES, 'gen/demo.api'),
        protos: [join(FIXTURES, 'gen/patient.proto')],
        httpPort: 8002,
        grpcPort: 9002,
      });
      expect(r.failed).toBe(false);
      const scaffolds = r.files.filter((f) => f.kind === 'scaffold');
      expect(scaffolds.length).toBeGreaterThan(8);
      for (const f of scaffolds) {
        const formatted = await prettier.format(f.content, {
          ...config,
          filepath: join(dir, f.path),
        });
        expect(f.content, f.path).toBe(formatted);
      }
    }
  });

  it('asks for ports when it creates a service', async () => {
    const dir = await patientDir('ports');
    const r = await generateService({ dir });
    expect(r.failed).toBe(true);
    expect(r.messages).toEqual([`${dir}: a new service needs --port and --grpc-port`]);
  });
});

// Types and runtime of `vigilctl rpc ts` for a .proto using every field shape: the generated
// types promise what grpc-js with Vigil's proto-loader options really hands out.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProtoModel } from './proto-model.js';
import { planRpc } from './rpc-plan.js';
import { rpcServerFile } from './rpc-files.js';
import { rpcTypesFile } from './types-file.js';

const RICH = fileURLToPath(new URL('../../../test/fixtures/gen/rich.proto', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../../../node_modules', import.meta.url));

const model = loadProtoModel(RICH);
const text = rpcTypesFile(model);
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-gen-rpc-'));
  await symlink(NODE_MODULES, join(dir, 'node_modules'));
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src/rich.gen.ts'), text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rpc types', () => {
  it('types input and output shapes after the proto-loader options', () => {
    expect(text).toContain("export type Status = 'STATUS_UNSPECIFIED' | 'SCHEDULED' | 'DONE';");
    expect(text).toContain('export interface Visit_Note {');
    expect(text).toContain('  seq?: number | string;');
    expect(text).toContain('  seq: string;');
    expect(text).toContain('  notes: Visit_Note__Output[];');
    expect(text).toContain('  counts: { [key: string]: number };');
    expect(text).toContain('  payload: Buffer;');
    expect(text).toContain('  at: google_protobuf_Timestamp__Output | null;');
    expect(text).toContain('  site?: string;');
    expect(text).toContain("  target?: 'site' | 'patient';");
    expect(text).toContain(
      '  GetVisit: MethodDefinition<GetVisitRequest, Visit, GetVisitRequest__Output, Visit__Output>;',
    );
  });

  it('serves unary methods only, one logic class each', () => {
    const { methods, skipped } = planRpc([model]);
    expect(skipped).toEqual(['vigil.demo.Visits.Watch']);
    expect(methods.map((m) => [m.logicFile, m.logicClass, m.logicMethod])).toEqual([
      ['rpc/logic/get-visit.ts', 'GetVisitLogic', 'getVisit'],
    ]);
    expect(rpcServerFile([model], methods)).toContain(
      'GetVisit: (req, ctx) => new GetVisitLogic(ctx, svc).getVisit(req),',
    );
  });

  it('decodes messages into the __Output shape (embedded descriptor, no .proto at run time)', async () => {
    const mod = (await import(join(dir, 'src/rich.gen.ts'))) as {
      Visits: {
        service: Record<
          string,
          {
            path: string;
            requestSerialize: (v: unknown) => Buffer;
            responseSerialize: (v: unknown) => Buffer;
            responseDeserialize: (b: Buffer) => unknown;
          }
        >;
      };
    };
    const get = mod.Visits.service.GetVisit!;
    expect(get.path).toBe('/vigil.demo.Visits/GetVisit');
    const bytes = get.responseSerialize({
      id: 'v1',
      seq: 9007199254740993n.toString(),
      status: 'DONE',
      notes: [{ text: 'n' }],
      counts: { a: 2 },
      patient: 'P1',
    });
    expect(get.responseDeserialize(bytes)).toEqual({
      id: 'v1',
      seq: '9007199254740993',
      status: 'DONE',
      notes: [{ text: 'n' }],
      counts: { a: 2 },
      payload: Buffer.alloc(0),
      at: null,
      patient: 'P1',
      target: 'patient',
    });
  });
});

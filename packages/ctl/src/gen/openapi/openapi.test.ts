// The OpenAPI documents vigilctl writes are valid OpenAPI 3.1 (checked by a maintained validator,
// @seriousme/openapi-schema-validator) and every $ref points at a component that exists.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { loadApi } from '../../api/load.js';
import { analyzeForGen } from '../ts/generate-api.js';
import { openApiDocument } from './openapi.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

async function documentOf(file: string) {
  const { spec } = await loadApi(file);
  if (!spec) return undefined;
  const { schemas, plan, problems } = analyzeForGen(spec);
  if (problems.some((p) => p.severity === 'error')) return undefined;
  return openApiDocument(spec, schemas, plan);
}

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

async function expectValid(doc: Record<string, unknown>) {
  const result = await new Validator().validate(doc);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  for (const ref of refs(doc)) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    expect(target, ref).toBeDefined();
  }
}

describe('api openapi', () => {
  it('describes the seed patient.api with JWT: path parameter, schemas, 401 and security', async () => {
    const doc = await documentOf(join(FIXTURES, 'seed/patient-full.api'));
    expect(doc).toBeDefined();
    await expectValid(doc!);
    const op = (doc!.paths as Record<string, Record<string, Record<string, unknown>>>)[
      '/api/v1/patient/info/{patientId}'
    ]?.get;
    expect(op).toMatchObject({
      operationId: 'getPatientInfo',
      summary: '获取患者详细信息',
      tags: ['patient'],
      parameters: [{ name: 'patientId', in: 'path', required: true, schema: { type: 'string' } }],
      security: [{ Auth: [] }],
      responses: {
        '200': {
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/GetPatientInfoResp' } },
          },
        },
        '401': { $ref: '#/components/responses/Error' },
      },
    });
    expect(doc!.components).toMatchObject({
      securitySchemes: { Auth: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Patient: { required: ['id', 'name', 'mobile', 'trialId', 'createdAt'] },
        ErrorBody: { required: ['code', 'message', 'traceId'] },
      },
    });
  });

  it('turns tag options into parameter and body constraints', async () => {
    const doc = await documentOf(join(FIXTURES, 'gen/demo.api'));
    await expectValid(doc!);
    const paths = doc!.paths as Record<string, Record<string, Record<string, unknown>>>;
    const list = paths['/v1/trials/{trialId}/items']!;
    expect(list.get!.parameters).toEqual([
      { name: 'trialId', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'page',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 1 },
      },
      {
        name: 'status',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['open', 'closed'] },
      },
      { name: 'X-Trace-Tag', in: 'header', required: false, schema: { type: 'string' } },
    ]);
    const body = (list.post!.requestBody as { content: Record<string, { schema: unknown }> })
      .content['application/json']!.schema;
    expect(body).toMatchObject({
      required: ['name', 'score'],
      properties: {
        score: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
        kind: { type: 'string', enum: ['a', 'b'], default: 'a' },
        meta: { type: 'object', additionalProperties: { type: 'integer' } },
        blob: { type: 'string', contentEncoding: 'base64' },
      },
    });
  });

  it('is valid for every goctl test contract the generator accepts', async () => {
    const dir = join(FIXTURES, 'go-zero');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.api'))
      .sort();
    let documented = 0;
    for (const f of files) {
      const doc = await documentOf(join(dir, f));
      if (!doc) continue;
      documented++;
      await expectValid(doc);
    }
    expect(documented).toBeGreaterThan(10);
  });
});

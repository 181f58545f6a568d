// The resolved model for every construct of the language: one contract that uses all of them.
import { describe, expect, it } from 'vitest';
import { loadApi } from './load.js';
import type { ApiSpec, Field } from './spec.js';

const BASICS =
  'bool int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr float32 float64 complex64 complex128 string byte rune';

const SOURCE = `// no syntax line: defaults to v1
info (
	title: "Kitchen sink"
	version: v2
	raw: \`raw text\`
)

type Base {
	TraceId string \`header:"X-Trace-Id,optional"\`
}

type Audit {
	By string \`json:"by"\`
}

// Req documents the request.
type Req {
	Base
	*Audit
	Id    int64  \`path:"id"\`
	Page  int    \`form:"page,default=1,range=[1:100]"\`
	Size  int    \`form:"size,optional,range=(0:50]"\`
	Kind  string \`json:"kind,options=a|b|c"\`
	Mode  string \`json:"mode,options=[x,y]"\`
	// Note has a doc comment
	Note  *string \`json:"note,omitempty"\` // and a trailing one
	A, B  bool
	Tags  []string \`json:"tags"\`
	Grid  [3][2]int \`json:"grid"\`
	Meta  map[string]interface{} \`json:"meta"\`
	Ptrs  []*Base \`json:"ptrs"\`
	Deep  map[string][]*Audit \`json:"deep"\`
	Any   interface{} \`json:"any"\`
	Inner {
		X int \`json:"x"\`
		Y {
			Z string \`json:"z"\`
		} \`json:"y"\`
	} \`json:"inner"\`
}

type (
	Resp {
		Ok bool \`json:"ok"\`
	}
	Basics {
		${BASICS.split(' ')
      .map((t) => `F_${t} ${t}`)
      .join('\n\t\t')}
	}
)

@server (
	jwt:           Auth
	jwtTransition: Prev
	group:         admin/users
	prefix:        api/v1
	middleware:    Log, Audit
	timeout:       1m30s
	maxBytes:      1048576
	signature:     true
	summary:       "Admin API"
	tags:          "admin"
)
service sink-api {
	@doc "get one"
	@handler getOne
	get /users/:id (Req) returns (Resp)

	@doc (
		summary: "list"
		description: \`raw\`
	)
	@handler list
	post /users/list-all/v1.json returns ([]*Resp);

	@handler ping
	head /ping

	@handler put
	put /users/:id/2fa (Req) returns (Resp)

	@handler del
	delete /users/:id (Req);
}

@server (
	sse: true
)
service sink-api {
	@handler stream
	options /events returns (Resp)
	@handler patchIt
	patch /x (Req) returns (string)
	@handler tr
	trace /t returns ([]Resp)
	@handler conn
	connect /c returns (*Resp)
}

service sink-api {
	@handler root
	get / returns (Resp)
}
`;

async function load(): Promise<ApiSpec> {
  const r = await loadApi('sink.api', async () => SOURCE);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!r.spec) throw new Error('no spec');
  return r.spec;
}

const field = (spec: ApiSpec, type: string, name: string): Field => {
  const f = spec.types.find((t) => t.name === type)?.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${type}.${name}`);
  return f;
};

describe('resolved model', () => {
  it('defaults syntax to v1 and unquotes info values', async () => {
    const spec = await load();
    expect(spec.syntax).toBe('v1');
    expect(spec.info).toEqual({ title: 'Kitchen sink', version: 'v2', raw: 'raw text' });
    expect(spec.service).toBe('sink-api');
  });

  it('keeps named structs in declaration order, single and grouped', async () => {
    const spec = await load();
    expect(spec.types.map((t) => t.name)).toEqual(['Base', 'Audit', 'Req', 'Resp', 'Basics']);
    expect(spec.types[2]?.doc).toEqual(['// Req documents the request.']);
  });

  it('resolves embedded fields by line break, plain and pointer', async () => {
    const spec = await load();
    expect(field(spec, 'Req', 'Base')).toMatchObject({ embedded: true, type: 'Base' });
    expect(field(spec, 'Req', 'Audit')).toMatchObject({
      embedded: true,
      type: '*Audit',
      typeRef: { kind: 'pointer', elem: { kind: 'named', name: 'Audit' } },
    });
  });

  it('gives every type form its Go text and structure', async () => {
    const spec = await load();
    const t = (n: string) => field(spec, 'Req', n);
    expect(t('Tags').typeRef).toEqual({ kind: 'slice', elem: { kind: 'basic', name: 'string' } });
    expect(t('Grid')).toMatchObject({
      type: '[3][2]int',
      typeRef: { kind: 'array', length: 3, elem: { kind: 'array', length: 2 } },
    });
    expect(t('Meta')).toMatchObject({
      type: 'map[string]interface{}',
      typeRef: {
        kind: 'map',
        key: { kind: 'basic', name: 'string' },
        value: { kind: 'interface' },
      },
    });
    expect(t('Ptrs').type).toBe('[]*Base');
    expect(t('Deep').type).toBe('map[string][]*Audit');
    expect(t('Any').typeRef).toEqual({ kind: 'interface' });
    expect(t('Note').type).toBe('*string');
  });

  it('splits `A, B bool` into two fields', async () => {
    const spec = await load();
    expect(field(spec, 'Req', 'A').type).toBe('bool');
    expect(field(spec, 'Req', 'B').type).toBe('bool');
  });

  it('keeps nested anonymous structs with their fields and tags', async () => {
    const spec = await load();
    const inner = field(spec, 'Req', 'Inner');
    expect(inner.type).toBe(
      'struct { X int `json:"x"`; Y struct { Z string `json:"z"` } `json:"y"` }',
    );
    if (inner.typeRef.kind !== 'struct') throw new Error('not a struct');
    const y = inner.typeRef.fields[1];
    expect(y?.name).toBe('Y');
    expect(y?.tag.json?.name).toBe('y');
    expect(y?.typeRef.kind === 'struct' && y.typeRef.fields[0]?.name).toBe('Z');
    expect(spec.types.map((x) => x.name)).not.toContain('Inner');
  });

  it('accepts every Go basic type', async () => {
    const spec = await load();
    const fields = spec.types.find((t) => t.name === 'Basics')?.fields ?? [];
    expect(fields.map((f) => f.type)).toEqual(BASICS.split(' '));
    expect(fields.every((f) => f.typeRef.kind === 'basic')).toBe(true);
  });

  it('parses tag options', async () => {
    const spec = await load();
    expect(field(spec, 'Base', 'TraceId').tag).toEqual({
      header: { name: 'X-Trace-Id', raw: 'X-Trace-Id,optional', optional: true },
    });
    expect(field(spec, 'Req', 'Page').tag.form).toMatchObject({
      name: 'page',
      default: '1',
      range: { min: 1, max: 100, minInclusive: true, maxInclusive: true },
    });
    expect(field(spec, 'Req', 'Size').tag.form?.range).toEqual({
      min: 0,
      max: 50,
      minInclusive: false,
      maxInclusive: true,
    });
    expect(field(spec, 'Req', 'Kind').tag.json?.options).toEqual(['a', 'b', 'c']);
    expect(field(spec, 'Req', 'Mode').tag.json?.options).toEqual(['x', 'y']);
    expect(field(spec, 'Req', 'Note').tag.json).toMatchObject({ name: 'note', omitempty: true });
    expect(field(spec, 'Req', 'Id').tag.path?.name).toBe('id');
  });

  it('keeps field doc and trailing comments', async () => {
    const spec = await load();
    expect(field(spec, 'Req', 'Note')).toMatchObject({
      doc: ['// Note has a doc comment'],
      comment: ['// and a trailing one'],
    });
  });

  it('applies @server settings to routes, with the prefix joined', async () => {
    const spec = await load();
    const r = spec.routes.find((x) => x.handler === 'getOne');
    expect(r).toMatchObject({
      method: 'GET',
      path: '/api/v1/users/:id',
      routePath: '/users/:id',
      pathParams: ['id'],
      request: { type: 'Req', name: 'Req' },
      response: { type: 'Resp' },
      doc: 'get one',
      group: 'admin/users',
      prefix: '/api/v1',
      jwt: 'Auth',
      jwtTransition: 'Prev',
      middleware: ['Log', 'Audit'],
      timeoutMs: 90_000,
      maxBytes: 1048576,
      signature: true,
      sse: false,
    });
    expect(r?.annotations).toMatchObject({ summary: 'Admin API', tags: 'admin', timeout: '1m30s' });
  });

  it('reads routes with optional bodies, `;`, and paths with - . :param and digits', async () => {
    const spec = await load();
    const by = (h: string) => spec.routes.find((x) => x.handler === h);
    expect(by('list')).toMatchObject({
      method: 'POST',
      path: '/api/v1/users/list-all/v1.json',
      request: null,
      response: { type: '[]*Resp', typeRef: { kind: 'slice', elem: { kind: 'pointer' } } },
      doc: { summary: 'list', description: 'raw' },
    });
    expect(by('ping')).toMatchObject({ method: 'HEAD', request: null, response: null, doc: null });
    expect(by('put')?.path).toBe('/api/v1/users/:id/2fa');
    expect(by('del')).toMatchObject({ method: 'DELETE', response: null });
    expect(spec.routes.map((x) => x.method)).toEqual([
      'GET',
      'POST',
      'HEAD',
      'PUT',
      'DELETE',
      'OPTIONS',
      'PATCH',
      'TRACE',
      'CONNECT',
      'GET',
    ]);
  });

  it('makes one group per service block', async () => {
    const spec = await load();
    expect(spec.groups).toHaveLength(3);
    expect(spec.groups[1]).toMatchObject({ sse: true, group: null, prefix: null, jwt: null });
    expect(spec.groups[2]?.routes[0]).toMatchObject({ path: '/', middleware: [] });
    expect(by2(spec, 'patchIt')?.response).toMatchObject({
      type: 'string',
      typeRef: { kind: 'basic' },
    });
  });
});

function by2(spec: ApiSpec, handler: string) {
  return spec.routes.find((r) => r.handler === handler);
}

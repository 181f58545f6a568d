import { describe, expect, it } from 'vitest';
import { envRefsInText, findEnvRefs, uniqueEnvRefs } from './env-refs.js';
import {
  COMPOSE_ADDRESSES,
  envSource,
  isLoopbackDefault,
  isSecretVar,
  KUBE_ADDRESSES,
  planServiceEnv,
} from './env-plan.js';
import type { DeployService } from './service-catalog.js';

const service = (name: string, httpPort: number, grpcPort?: number): DeployService => ({
  name,
  relDir: `services/${name}`,
  httpPort,
  grpcPort,
  worker: false,
  migrations: false,
  configFile: `etc/${name}.yaml`,
});
const catalog = [service('identity', 8001, 9001), service('patient', 8002, 9002)];

describe('findEnvRefs', () => {
  it('finds references in values with their key paths, not in comments', () => {
    const refs = findEnvRefs(
      [
        '# Secret: ${NOT_A_REFERENCE}',
        'Host: ${VIGIL_HOST:-127.0.0.1}',
        'Rpc:',
        '  ListenOn: ${VIGIL_HOST:-127.0.0.1}:${PATIENT_GRPC_PORT:-9002}',
        'Upstreams:',
        '  - Name: identity',
        '    Url: ${IDENTITY_URL}',
        'Literal: $${KEPT_AS_TEXT}',
        'Empty: ${EMPTY_DEFAULT:-}',
      ].join('\n'),
    );
    expect(refs).toEqual([
      { name: 'VIGIL_HOST', default: '127.0.0.1', key: 'Host' },
      { name: 'VIGIL_HOST', default: '127.0.0.1', key: 'Rpc.ListenOn' },
      { name: 'PATIENT_GRPC_PORT', default: '9002', key: 'Rpc.ListenOn' },
      { name: 'IDENTITY_URL', default: undefined, key: 'Upstreams.0.Url' },
      { name: 'EMPTY_DEFAULT', default: '', key: 'Empty' },
    ]);
    expect(uniqueEnvRefs(refs).map((r) => r.name)).toEqual([
      'EMPTY_DEFAULT',
      'IDENTITY_URL',
      'PATIENT_GRPC_PORT',
      'VIGIL_HOST',
    ]);
  });

  it('rejects YAML that does not parse', () => {
    expect(() => findEnvRefs('a: [1, 2')).toThrow(/does not parse/);
  });

  it('reads one string on its own', () => {
    expect(envRefsInText('${A}-${B:-x}', 'K')).toEqual([
      { name: 'A', default: undefined, key: 'K' },
      { name: 'B', default: 'x', key: 'K' },
    ]);
  });
});

describe('env sources', () => {
  const source = (name: string, def?: string, style = KUBE_ADDRESSES) =>
    envSource({ name, default: def, key: 'K' }, catalog, style);

  it('binds every interface and runs in production mode', () => {
    expect(source('VIGIL_HOST', '127.0.0.1')).toEqual({ kind: 'value', value: '0.0.0.0' });
    expect(source('VIGIL_MODE', 'embedded')).toEqual({ kind: 'value', value: 'production' });
  });

  it('takes credentials from a Secret, whatever their default', () => {
    for (const name of [
      'PATIENT_DATABASE_URL',
      'PATIENT_AUTH_SECRET',
      'IDENTITY_KEY_ENCRYPTION_KEY',
      'PATIENT_REDIS_URL',
      'REDIS_URL',
      'FOLLOWUP_AMQP_URL',
      'SMTP_PASSWORD',
    ]) {
      expect(isSecretVar(name), name).toBe(true);
      expect(source(name, 'postgres://postgres@127.0.0.1:5439/x')).toEqual({ kind: 'secret' });
    }
    expect(isSecretVar('PATIENT_URL')).toBe(false);
    expect(isSecretVar('IDENTITY_JWKS_URL')).toBe(false);
  });

  it("points a peer's loopback address at the peer, keeping path and port", () => {
    expect(source('IDENTITY_JWKS_URL', 'http://127.0.0.1:8001/.well-known/jwks.json')).toEqual({
      kind: 'value',
      value: 'http://identity:8001/.well-known/jwks.json',
    });
    expect(source('PATIENT_URL', 'http://localhost:8002')).toEqual({
      kind: 'value',
      value: 'http://patient:8002',
    });
    // gRPC resolves the headless Service on Kubernetes (every pod), the service name on compose.
    expect(source('PATIENT_GRPC_TARGET', '127.0.0.1:9002')).toEqual({
      kind: 'value',
      value: 'patient-headless:9002',
    });
    expect(source('PATIENT_GRPC_TARGET', '127.0.0.1:9002', COMPOSE_ADDRESSES)).toEqual({
      kind: 'value',
      value: 'patient:9002',
    });
    expect(source('IDENTITY_GRPC_TARGET')).toEqual({
      kind: 'value',
      value: 'identity-headless:9001',
    });
    expect(source('IDENTITY_URL')).toEqual({ kind: 'value', value: 'http://identity:8001' });
  });

  it("sets ports from the services' package.json", () => {
    expect(source('PATIENT_HTTP_PORT', '9999')).toEqual({ kind: 'value', value: '8002' });
    expect(source('IDENTITY_GRPC_PORT', '9001')).toEqual({ kind: 'value', value: '9001' });
  });

  it('leaves right defaults alone and asks the operator for the rest', () => {
    expect(source('PATIENT_LOG_LEVEL', 'info')).toEqual({ kind: 'default' });
    expect(source('OTLP_ENDPOINT', 'http://127.0.0.1:4318')).toEqual({ kind: 'platform' });
    expect(source('SOMETHING_REQUIRED')).toEqual({ kind: 'platform' });
    // `none` (export nothing) suits a laptop; the platform decides where its traces go.
    expect(source('TELEMETRY_BATCHER', 'none')).toEqual({ kind: 'platform' });
    expect(source('TELEMETRY_SAMPLER', '1')).toEqual({ kind: 'default' });
    // A URL of a service that is not in the catalog is not guessed.
    expect(source('BILLING_URL', 'http://127.0.0.1:8100')).toEqual({ kind: 'platform' });
  });

  it('recognises loopback defaults with and without credentials', () => {
    expect(isLoopbackDefault('postgres://u:p@127.0.0.1:5432/db')).toBe(true);
    expect(isLoopbackDefault('redis://localhost')).toBe(true);
    expect(isLoopbackDefault('127.0.0.1:9001')).toBe(true);
    expect(isLoopbackDefault('http://identity:8001')).toBe(false);
    expect(isLoopbackDefault('http://127.0.0.10:80')).toBe(false);
    expect(isLoopbackDefault(undefined)).toBe(false);
  });

  it('plans one entry per variable, the service itself counting as a peer', () => {
    const billing = service('billing', 8100);
    const plan = planServiceEnv(billing, catalog, KUBE_ADDRESSES, [
      { name: 'BILLING_HTTP_PORT', default: '1', key: 'Port' },
      { name: 'VIGIL_HOST', default: '127.0.0.1', key: 'Host' },
      { name: 'VIGIL_HOST', default: '127.0.0.1', key: 'Rpc.ListenOn' },
    ]);
    expect(plan.map((e) => [e.name, e.source])).toEqual([
      ['BILLING_HTTP_PORT', { kind: 'value', value: '8100' }],
      ['VIGIL_HOST', { kind: 'value', value: '0.0.0.0' }],
    ]);
  });
});

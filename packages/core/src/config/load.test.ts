import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
import { ConfigError, loadConfig, parseConfig, RestConfigSchema } from './index.js';

const FILE = 'etc/x.yaml';

/** The one-line message a bad config fails with (and the error, for deeper checks). */
function failure(text: string, env: Record<string, string> = {}): ConfigError {
  try {
    parseConfig(RestConfigSchema, text, FILE, { env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected the config to be rejected');
}

const base = 'Name: patient\nPort: 8002\n';

describe('config mistakes fail with one line naming file, key and expectation', () => {
  it('missing required key', () => {
    expect(failure('Port: 8002\n').message).toBe('etc/x.yaml: Name: required key is missing');
  });

  it('wrong type', () => {
    expect(failure('Name: patient\nPort: abc\n').message).toBe(
      'etc/x.yaml: Port: expected integer 1..65535, got "abc"',
    );
  });

  it('quoted numbers stay strings, so a quoted port is a wrong type', () => {
    expect(failure('Name: patient\nPort: "8002"\n').message).toBe(
      'etc/x.yaml: Port: expected integer 1..65535, got "8002"',
    );
  });

  it('out of range', () => {
    expect(failure('Name: patient\nPort: 70000\n').message).toBe(
      'etc/x.yaml: Port: expected integer 1..65535, got 70000',
    );
  });

  it('unknown key, with a suggestion, reported before the missing key it explains', () => {
    const err = failure('Name: patient\nProt: 8002\n');
    expect(err.message).toBe('etc/x.yaml: Prot: unknown key (did you mean "Port"?)');
    expect(err.errors.map((e) => `${e.kind} ${e.path}`)).toEqual(['unknown Prot', 'missing Port']);
    expect(err.errors[0]).toMatchObject({ line: 2, col: 1 });
  });

  it('unknown key with nothing close gets no suggestion', () => {
    expect(failure(base + 'Zebra: 1\n').message).toBe('etc/x.yaml: Zebra: unknown key');
  });

  it('unknown key in a nested block', () => {
    expect(failure(base + 'Log:\n  level: debug\n').message).toBe(
      'etc/x.yaml: Log.level: unknown key (did you mean "Level"?)',
    );
  });

  it('unresolved ${VAR}', () => {
    const err = failure(base + 'Auth:\n  AccessSecret: ${ACCESS_SECRET}\n');
    expect(err.message).toBe(
      'etc/x.yaml: Auth.AccessSecret: environment variable ACCESS_SECRET is not set (and no default given)',
    );
    // The consequence (Auth has no key source) is not reported on top of the cause.
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]).toMatchObject({ kind: 'env', line: 4 });
  });

  it('YAML syntax error gives file:line:col and the parser message', () => {
    expect(failure('Name: patient\nLog:\n\tLevel: info\n').message).toBe(
      'etc/x.yaml:3:1: Tabs are not allowed as indentation',
    );
    const err = failure('Name: patient\nPort: 8002\nLog:\n  Level: [info\n');
    expect(err.message).toBe(
      'etc/x.yaml:5:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(err.errors[0]).toMatchObject({ kind: 'syntax', line: 5, col: 1 });
    expect(failure('Name: a\nName: b\nPort: 1\n').message).toBe(
      'etc/x.yaml:2:1: Map keys must be unique',
    );
  });

  it('nested key path', () => {
    expect(
      failure(base + 'Auth:\n  AccessSecret: 0123456789abcdef\n  AccessExpire: -5\n').message,
    ).toBe('etc/x.yaml: Auth.AccessExpire: expected integer >= 1, got -5');
  });

  it('array index path', () => {
    const text =
      base + 'Auth:\n  PublicKeys:\n    - "-----BEGIN PUBLIC KEY-----"\n    - { kid: k1 }\n';
    expect(failure(text).message).toBe(
      'etc/x.yaml: Auth.PublicKeys[1]: expected non-empty string, got an object',
    );
  });

  it('value not in the allowed set lists the choices', () => {
    expect(failure(base + 'Mode: prod\n').message).toBe(
      'etc/x.yaml: Mode: expected one of "dev", "test", "pre", "pro", got "prod"',
    );
  });

  it('an Auth block needs at least one key source', () => {
    expect(failure(base + 'Auth:\n  Issuer: vigil\n').message).toBe(
      'etc/x.yaml: Auth: expected at least one of AccessSecret, PublicKeys, JwksUrl',
    );
  });

  it('never echoes a secret, only its length', () => {
    expect(failure(base + 'Auth:\n  AccessSecret: hunter2\n').message).toBe(
      'etc/x.yaml: Auth.AccessSecret: expected string of at least 16 characters, got a string of 7 characters',
    );
  });

  it('a value with a newline still gives one line', () => {
    const message = failure(base + 'Mode: "a\\nb"\n').message;
    expect(message).toBe(
      'etc/x.yaml: Mode: expected one of "dev", "test", "pre", "pro", got "a\\nb"',
    );
  });

  it('a file that is not a mapping, or is empty, says so', () => {
    expect(failure('just text\n').message).toBe('etc/x.yaml: expected object, got "just text"');
    expect(failure('').message).toBe('etc/x.yaml: Name: required key is missing');
  });

  it('keeps every problem in errors, the first one in the message, and is an AppError', () => {
    const err = failure('Port: abc\nTimeout: -1\nNope: 1\n');
    expect(err.errors.map((e) => e.path)).toEqual(['Nope', 'Port', 'Timeout', 'Name']);
    expect(err.message).toBe('etc/x.yaml: Nope: unknown key');
    expect(isAppError(err) && err.code).toBe('CONFIG_INVALID');
    expect(err.details?.[1]).toEqual({
      field: 'Port',
      reason: 'expected integer 1..65535, got "abc"',
    });
  });
});

describe('environment substitution', () => {
  it('${VAR:-default} in a plain scalar becomes the typed default', () => {
    const c = parseConfig(RestConfigSchema, 'Name: p\nPort: ${PORT:-8002}\n', FILE, { env: {} });
    expect(c.Port).toBe(8002);
  });

  it('a set variable wins over the default and is typed like YAML text', () => {
    const text = 'Name: p\nPort: ${PORT:-8002}\nPrometheus:\n  Enabled: ${METRICS}\n';
    const c = parseConfig(RestConfigSchema, text, FILE, {
      env: { PORT: '9100', METRICS: 'false' },
    });
    expect(c.Port).toBe(9100);
    expect(c.Prometheus.Enabled).toBe(false);
  });

  it('a quoted scalar stays a string after substitution', () => {
    const c = parseConfig(RestConfigSchema, 'Name: "${SVC:-123}"\nPort: 1\n', FILE, { env: {} });
    expect(c.Name).toBe('123');
  });

  it('$${ is a literal ${', () => {
    const c = parseConfig(RestConfigSchema, 'Name: "a$${B}"\nPort: 1\n', FILE, { env: { B: 'x' } });
    expect(c.Name).toBe('a${B}');
  });

  it('a variable value cannot change the document structure', () => {
    const env = { SVC: 'x\nPort: 1' };
    expect(parseConfig(RestConfigSchema, 'Name: ${SVC}\nPort: 2\n', FILE, { env })).toMatchObject({
      Name: 'x\nPort: 1',
      Port: 2,
    });
  });

  it('a substituted value of the wrong type names the key', () => {
    expect(failure('Name: p\nPort: ${PORT:-8002}\n', { PORT: 'abc' }).message).toBe(
      'etc/x.yaml: Port: expected integer 1..65535, got "abc"',
    );
  });
});

describe('defaults and conversions', () => {
  it('fills every default, nested blocks included, and leaves optional blocks out', () => {
    const c = parseConfig(RestConfigSchema, base, FILE, { env: {} });
    expect(c).toEqual({
      Name: 'patient',
      Port: 8002,
      Host: '0.0.0.0',
      Mode: 'pro',
      Log: { Level: 'info', Mode: 'json', SlowThresholdMs: 500 },
      Telemetry: { Sampler: 1, Batcher: 'none' },
      Prometheus: { Enabled: true, Path: '/metrics' },
      Timeout: 3000,
      MaxBytes: 1048576,
      MaxConns: 10000,
      CpuThreshold: 900,
      RateLimit: { Enabled: false, Rate: 100, Burst: 200, KeyBy: 'ip' },
      ShutdownTimeoutMs: 10000,
    });
  });

  it('fills defaults inside a partly written block and inside an optional block', () => {
    const text = base + 'Log:\n  Level: debug\nAuth:\n  JwksUrl: https://id.example/jwks\n';
    const c = parseConfig(RestConfigSchema, text, FILE, { env: {} });
    expect(c.Log).toEqual({ Level: 'debug', Mode: 'json', SlowThresholdMs: 500 });
    expect(c.Auth).toEqual({ JwksUrl: 'https://id.example/jwks', AccessExpire: 86400 });
  });

  it('an empty key counts as unset, so its default applies', () => {
    expect(
      parseConfig(RestConfigSchema, base + 'Timeout:\nLog:\n', FILE, { env: {} }),
    ).toMatchObject({
      Timeout: 3000,
      Log: { Level: 'info' },
    });
  });

  it('a plain number where a string is expected keeps its exact text', () => {
    const text = 'Name: 0123\nPort: 1\nAuth:\n  AccessSecret: 01234567890123456789\n';
    const c = parseConfig(RestConfigSchema, text, FILE, { env: {} });
    expect(c.Name).toBe('0123');
    expect(c.Auth?.AccessSecret).toBe('01234567890123456789');
  });

  it('overrides are merged over the file and validated too', () => {
    const c = parseConfig(RestConfigSchema, base, FILE, {
      env: {},
      overrides: { Log: { Level: 'warn' } },
    });
    expect(c.Log.Level).toBe('warn');
    expect(c.Log.Mode).toBe('json');
    expect(() =>
      parseConfig(RestConfigSchema, base, FILE, { env: {}, overrides: { Port: 0 } }),
    ).toThrow('etc/x.yaml: Port: expected integer 1..65535, got 0');
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file and names it in messages', () => {
    const file = join(dir, 'patient.yaml');
    writeFileSync(file, 'Name: patient\nPort: ${PORT:-8002}\n');
    expect(loadConfig(RestConfigSchema, file, { env: {} }).Port).toBe(8002);
    writeFileSync(file, 'Name: patient\nPort: abc\n');
    expect(() => loadConfig(RestConfigSchema, file, { env: {} })).toThrow(
      `${file}: Port: expected integer 1..65535, got "abc"`,
    );
  });

  it('a missing file is one line too', () => {
    expect(() => loadConfig(RestConfigSchema, join(dir, 'nope.yaml'))).toThrow(
      `${join(dir, 'nope.yaml')}: file not found`,
    );
  });
});

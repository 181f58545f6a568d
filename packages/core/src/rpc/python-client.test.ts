import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTraceparent, traceFromTraceparent } from '../trace/index.js';
import { createRpcServer, type RpcServer } from './server.js';
import { captureLogger, echoHandlers, loadEcho } from './testdata/echo-fixture.js';

// Debian's system python, not whatever `python3` is first on PATH (pyenv ships no grpcio).
const PYTHON = '/usr/bin/python3';
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata/python-client.py');

function pythonGrpcAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import grpc'], { stdio: 'ignore' });
  if (probe.status === 0) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `python3-grpcio is missing (${PYTHON} cannot import grpc); CI installs it in .ci/run`,
    );
  }
  process.stderr.write(
    '\n!!! SKIPPING the Python gRPC client test: python3-grpcio is not installed ' +
      '(apt-get install -y python3-grpcio; set CI=true to fail instead)\n\n',
  );
  return false;
}

const available = pythonGrpcAvailable();

describe.skipIf(!available)('a non-Node gRPC client (python3-grpcio, no generated stubs)', () => {
  const echo = loadEcho();
  const { logger } = captureLogger();
  let server: RpcServer;
  let target: string;

  beforeAll(async () => {
    server = createRpcServer({ ListenOn: '127.0.0.1:0' }, { logger, service: 'echo' });
    server.addService(echo.service, echoHandlers('py-target', logger, { calls: 0, aborted: 0 }));
    target = `127.0.0.1:${(await server.start()).port}`;
  });

  afterAll(() => server.shutdown(1000));

  it('calls a unary method, gets catalog errors, and checks health', async () => {
    const trace = traceFromTraceparent(undefined);
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [script, target, formatTraceparent(trace)],
      {
        timeout: 20_000,
      },
    );
    const seen = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    expect(seen.echo).toMatchObject({
      message: 'hello from python',
      trace_id: trace.traceId,
      authorization: 'Bearer py',
      server: 'py-target',
      count: 42,
    });
    // The Python deadline (2 s) reached the handler, capped by the server Timeout (2 s).
    expect(seen.echo?.remaining_ms).toBeGreaterThan(0);
    expect(seen.echo?.remaining_ms).toBeLessThanOrEqual(2000);
    expect(seen.error).toEqual({
      code: 'NOT_FOUND',
      details: 'Patient not found',
      vigil_error_code: 'PATIENT_NOT_FOUND',
    });
    expect(seen.health).toEqual({ server: 'SERVING', echo: 'SERVING' });
  });
});

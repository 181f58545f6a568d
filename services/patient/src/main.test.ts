// The generated patient service as a process, the way `vigil start` runs it: HTTP answers the
// contract's route behind JWT with the error envelope, gRPC answers getPatient, and both clients
// vigilctl generated (fetch and gRPC) work against it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AppError, createLogger } from '@vigil/core';
import { waitFor } from '@vigil/testkit';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createPatientApiClient } from './client.gen.js';
import { createPatientServiceClient } from './rpc/client.gen.js';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'patient-test-secret-0123456789abcdef';
const PATH = '/api/v1/patient/info';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function token(secret = SECRET): Promise<string> {
  return new SignJWT({ roles: ['monitor'], sites: ['S01'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

let child: ChildProcess;
let base = '';
let grpcPort = 0;
let output = '';

beforeAll(async () => {
  const httpPort = await freePort();
  grpcPort = await freePort();
  base = `http://127.0.0.1:${httpPort}`;
  child = spawn(
    process.execPath,
    ['--conditions=vigil-source', '--import', 'tsx', 'src/main.ts', '-f', 'etc/patient.yaml'],
    {
      cwd: SERVICE_DIR,
      env: {
        ...process.env,
        VIGIL_HOST: '127.0.0.1',
        PATIENT_HTTP_PORT: String(httpPort),
        PATIENT_GRPC_PORT: String(grpcPort),
        PATIENT_AUTH_SECRET: SECRET,
        PATIENT_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`service exited: ${output}`);
      return (await fetch(`${base}/healthz`)).ok;
    },
    { timeoutMs: 30_000, what: 'the patient service /healthz' },
  );
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('generated patient service over HTTP', () => {
  it('answers 401 with the error envelope without a token', async () => {
    const res = await fetch(`${base}${PATH}/12345`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      code: 'UNAUTHENTICATED',
      message: expect.any(String),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('rejects a token signed with another secret', async () => {
    const res = await fetch(`${base}${PATH}/12345`, {
      headers: { authorization: `Bearer ${await token('another-secret-0123456789abcdef')}` },
    });
    expect(res.status).toBe(401);
  });

  it('answers 200 with the record through the generated client', async () => {
    const client = createPatientApiClient({ baseUrl: base, token: await token() });
    const resp = await client.getPatientInfo({ patientId: '12345' });
    expect(resp).toEqual({
      patientInfo: {
        id: '12345',
        name: '张三',
        mobile: '138****1234',
        trialId: 'TRIAL-001',
        createdAt: 1672531200,
      },
    });
  });

  it('surfaces 404 PATIENT_NOT_FOUND and 401 as a typed ApiError', async () => {
    const client = createPatientApiClient({ baseUrl: base, token: await token() });
    const missing = await client.getPatientInfo({ patientId: 'nope' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ status: 404, code: 'PATIENT_NOT_FOUND' });
    expect((missing as ApiError).traceId).toMatch(/^[0-9a-f]{32}$/);
    const anonymous = createPatientApiClient({ baseUrl: base });
    await expect(anonymous.getPatientInfo({ patientId: '12345' })).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('generated patient service over gRPC', () => {
  it('answers getPatient, int64 as a decimal string, unknown ids as PATIENT_NOT_FOUND', async () => {
    const logger = createLogger({ service: 'patient-test', level: 'silent' });
    const client = createPatientServiceClient(
      { Endpoints: [`127.0.0.1:${grpcPort}`] },
      { logger, service: 'patient-test' },
    );
    try {
      const resp = await client.getPatient({ id: '12345' });
      expect(resp.patient).toEqual({
        id: '12345',
        name: '张三',
        mobile: '138****1234',
        trialId: 'TRIAL-001',
        createdAt: '1672531200',
      });
      const err = await client.getPatient({ id: 'nope' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'PATIENT_NOT_FOUND' });
    } finally {
      client.close();
    }
  });
});

// The patient service as a process, the way `vigil start` runs it (embedded mode: it migrates and
// seeds its database at start-up): HTTP answers the contract's routes behind JWT with the error
// envelope, gRPC answers getPatient, and both clients vigilctl generated (fetch and gRPC) work.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AppError, createLogger } from '@vigil/core';
import { requireService, waitFor } from '@vigil/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createPatientApiClient } from './client.gen.js';
import { createPatientServiceClient } from './rpc/client.gen.js';
import { postgresTestServer } from './testing/databases.js';
import { startTokenIssuer, type TokenIssuer } from './testing/token-issuer.js';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const PATH = '/api/v1/patient/info';
const pgUrl = await requireService('postgres');
const MONITOR = { sub: 'user-1', roles: ['monitor'] };

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

let child: ChildProcess;
let base = '';
let grpcPort = 0;
let output = '';
let issuer: TokenIssuer;
let dropDb: () => Promise<void>;
const token = () => issuer.sign(MONITOR);

describe.skipIf(!pgUrl)('patient service process', () => {
  beforeAll(async () => {
    const db = await postgresTestServer(pgUrl!).createDatabase();
    dropDb = db.drop;
    issuer = await startTokenIssuer();
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
          VIGIL_MODE: 'embedded',
          PATIENT_DATABASE_URL: db.url,
          IDENTITY_JWKS_URL: issuer.jwksUrl,
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
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await issuer?.close();
    await dropDb?.();
  });

  describe('generated patient service over HTTP', () => {
    it('answers 401 with the error envelope without a token', async () => {
      const res = await fetch(`${base}${PATH}/P-S01-001`);
      expect(res.status).toBe(401);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        code: 'UNAUTHENTICATED',
        message: expect.any(String),
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    });

    it('rejects a token signed with another key', async () => {
      const other = await startTokenIssuer();
      const forged = await other.sign(MONITOR);
      await other.close();
      const res = await fetch(`${base}${PATH}/P-S01-001`, {
        headers: { authorization: `Bearer ${forged}` },
      });
      expect(res.status).toBe(401);
    });

    it('answers 200 with the seeded record, masked for a monitor, through the generated client', async () => {
      const client = createPatientApiClient({ baseUrl: base, token: await token() });
      const resp = await client.getPatientInfo({ patientId: 'P-S01-001' });
      expect(resp).toEqual({
        patientInfo: {
          id: 'P-S01-001',
          name: '张*',
          mobile: '138****1234',
          trialId: 'VIG-001',
          createdAt: expect.any(Number),
        },
      });
      const page = await client.listPatients({ siteId: 'S05', limit: 5 });
      expect(page.items.map((p) => p.id)).toEqual([1, 2, 3, 4, 5].map((n) => `P-S05-00${n}`));
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    it('surfaces 404 PATIENT_NOT_FOUND and 401 as a typed ApiError', async () => {
      const client = createPatientApiClient({ baseUrl: base, token: await token() });
      const missing = await client.getPatientInfo({ patientId: 'nope' }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ApiError);
      expect(missing).toMatchObject({ status: 404, code: 'PATIENT_NOT_FOUND' });
      expect((missing as ApiError).traceId).toMatch(/^[0-9a-f]{32}$/);
      const anonymous = createPatientApiClient({ baseUrl: base });
      await expect(anonymous.getPatientInfo({ patientId: 'P-S01-001' })).rejects.toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    });
  });

  describe('generated patient service over gRPC', () => {
    it('answers getPatient with the caller token, int64 as a decimal string, unknown ids as PATIENT_NOT_FOUND', async () => {
      const logger = createLogger({ service: 'patient-test', level: 'silent' });
      const client = createPatientServiceClient(
        { Endpoints: [`127.0.0.1:${grpcPort}`] },
        { logger, service: 'patient-test' },
      );
      try {
        const authorization = `Bearer ${await token()}`;
        const resp = await client.getPatient({ id: 'P-S01-001' }, { authorization });
        expect(resp.patient).toMatchObject({
          id: 'P-S01-001',
          name: '张*',
          mobile: '138****1234',
          trialId: 'VIG-001',
          createdAt: expect.stringMatching(/^\d+$/),
        });
        const err = await client
          .getPatient({ id: 'nope' }, { authorization })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect(err).toMatchObject({ code: 'PATIENT_NOT_FOUND' });
      } finally {
        client.close();
      }
    });
  });
});

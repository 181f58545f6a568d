/**
 * `npm run bench -- tracing [--seconds N] [--warmup N] [--connections N] [--rounds N]`: the cost
 * of tracing on the patient read path. The real patient service (services/patient/src/main.ts,
 * embedded mode: migrated and seeded on a fresh database of the machine's PostgreSQL) serves
 * `GET /api/v1/patient/patients/:patientId` (JWT, scope check, cache-aside read) with
 * `TELEMETRY_BATCHER=none` (baseline: trace ids only), with spans created but not sampled
 * (`otlphttp`, Sampler 0) and with every request sampled and exported over OTLP/HTTP (Sampler 1)
 * to a collector stand-in in this process that reads and discards the batches. Server pinned to
 * core 0, wrk to core 1; variants alternate for several rounds, medians as ratios against the
 * baseline, with the server's CPU time per request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { measure, medianOfRounds, table, type LoadFigures } from '../lib/measure.js';
import { pinned, stopServer } from '../lib/proc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const patientDir = path.resolve(here, '../../services/patient');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});

const variants: Record<string, { name: string; env: Record<string, string> }> = {
  off: { name: 'Batcher none: ids only (baseline)', env: { TELEMETRY_BATCHER: 'none' } },
  unsampled: {
    name: 'OpenTelemetry on, Sampler 0 (spans not recorded)',
    env: { TELEMETRY_BATCHER: 'otlphttp', TELEMETRY_SAMPLER: '0' },
  },
  sampled: {
    name: 'OpenTelemetry on, Sampler 1 (every span exported)',
    env: { TELEMETRY_BATCHER: 'otlphttp', TELEMETRY_SAMPLER: '1' },
  },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: values['admin-url'] });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** A JWKS endpoint and a token identity would issue: an investigator of site S01. */
async function startIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'EdDSA', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const token = await new SignJWT({ roles: ['investigator'], sites: ['S01'], typ: 'access' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'bench', typ: 'JWT' })
    .setSubject('bench-investigator')
    .setIssuer('vigil-identity')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  const { port } = server.address() as net.AddressInfo;
  return { jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, token, server };
}

/** An OTLP/HTTP endpoint that reads and discards every batch (a collector's cost is not ours). */
async function startSink() {
  let batches = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      batches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, stats: () => ({ batches, bytes }), server };
}

/** Starts the patient service pinned to core 0; resolves once /healthz answers. */
async function startPatient(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const [cmd, argv] = pinned(0, process.execPath, [
    '--conditions=vigil-source',
    '--import',
    'tsx',
    'src/main.ts',
    '-f',
    'etc/patient.yaml',
  ]);
  const child = spawn(cmd, argv, {
    cwd: patientDir,
    // Logs go to /dev/null but are written for real, as in production.
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env, PATIENT_HTTP_PORT: String(port), PATIENT_GRPC_PORT: '0' },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`patient exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url };
    if (Date.now() > deadline) throw new Error('patient did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const database = `vigil_bench_trace_${Date.now().toString(36)}`;
await admin(`create database ${database}`);
const dbUrl = new URL(values['admin-url']);
dbUrl.pathname = `/${database}`;
const issuer = await startIssuer();
const sink = await startSink();
const baseEnv = {
  VIGIL_MODE: 'embedded',
  PATIENT_DATABASE_URL: dbUrl.toString(),
  IDENTITY_JWKS_URL: issuer.jwksUrl,
  VIGIL_QUEUE_TRANSPORT: 'postgres',
  VIGIL_QUEUE_DATABASE_URL: dbUrl.toString(),
  OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
};

const runs = new Map<string, LoadFigures[]>();
try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const [key, variant] of Object.entries(variants)) {
      const { child, url } = await startPatient({ ...baseEnv, ...variant.env });
      process.stderr.write(`round ${round}: ${key}…\n`);
      const f = await measure({
        url: `${url}/api/v1/patient/patients/P-S01-001`,
        serverPid: child.pid!,
        loadCpu: 1,
        seconds: Number(values.seconds),
        warmupSeconds: Number(values.warmup),
        connections: Number(values.connections),
        headers: { authorization: `Bearer ${issuer.token}` },
      });
      await stopServer(child);
      runs.set(key, [...(runs.get(key) ?? []), f]);
    }
  }
} finally {
  issuer.server.close();
  sink.server.close();
  await admin(`drop database if exists ${database} with (force)`);
}

const rows = [...runs].map(([key, fs]) => ({
  name: variants[key]!.name,
  f: medianOfRounds(fs),
}));
const { batches, bytes } = sink.stats();
process.stdout.write(
  `\nmedians of ${values.rounds} rounds; OTLP sink received ${batches} batches, ${(bytes / 1e6).toFixed(1)} MB\n${table(rows)}\n`,
);

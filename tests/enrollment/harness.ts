import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@vigil/testkit';
import { connect, type Channel } from 'amqplib';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';

/**
 * Test support for the enrolment acceptance tests: patient and followup started as their own
 * processes (src/main.ts with etc/<name>.yaml, as `vigil start` runs them), each on fresh
 * databases of the machine's PostgreSQL, talking through a real broker in a namespace of their
 * own (exchange or schema, and queue), with tokens signed like identity's.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A unique lower-case name. */
export const unique = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

/** A fresh database on the machine's PostgreSQL (`adminUrl` names an existing one). */
export async function createDatabase(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = unique('vigil_e2e_');
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Runs one query on `url` and returns its rows. */
export async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** identity's token issuing in miniature: a JWKS endpoint and signed access tokens. */
export async function startIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'e2e', alg: 'EdDSA', use: 'sig' };
  const server = createHttpServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (claims: { sub: string; roles: string[]; sites?: string[] }) =>
      new SignJWT({ roles: claims.roles, sites: claims.sites ?? [], typ: 'access' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'e2e', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer('vigil-identity')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A service running as its own process. */
export interface ServiceProcess {
  readonly url: string;
  output(): string;
  /** SIGTERM (graceful) unless told otherwise; resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `services/<name>/src/main.ts` with `env` and waits for `/healthz`. */
export async function startService(
  name: 'patient' | 'followup',
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const port = await freePort();
  const prefix = name.toUpperCase();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=vigil-source', '--import', 'tsx', 'src/main.ts', '-f', `etc/${name}.yaml`],
    {
      cwd: path.join(root, 'services', name),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        VIGIL_MODE: 'embedded',
        [`${prefix}_HTTP_PORT`]: String(port),
        [`${prefix}_GRPC_PORT`]: '0',
        [`${prefix}_LOG_LEVEL`]: 'warn',
        ...env,
      },
    },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited:\n${out}`);
        return (await fetch(`${url}/healthz`).catch(() => undefined))?.ok;
      },
      { what: `${name} to be healthy`, timeoutMs: 60_000, intervalMs: 100 },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The broker a test runs on and the environment that points services at its namespace. */
export interface Broker {
  readonly kind: 'rabbitmq' | 'postgres';
  readonly url: string;
  /** Environment for both services (transport, URL, exchange or schema, queue name). */
  env(url?: string): Record<string, string>;
  cleanup(): Promise<void>;
}

/** A namespace on RabbitMQ (exchange + queue) or on the PostgreSQL transport (schema). */
export function broker(kind: 'rabbitmq' | 'postgres', url: string): Broker {
  const exchange = unique('vigil.e2e.');
  const schema = unique('vigil_e2e_q_');
  const queue = unique('followup.e2e-');
  return {
    kind,
    url,
    env: (override = url) => ({
      VIGIL_QUEUE_TRANSPORT: kind,
      ...(kind === 'rabbitmq'
        ? { VIGIL_AMQP_URL: override, VIGIL_QUEUE_EXCHANGE: exchange }
        : { VIGIL_QUEUE_DATABASE_URL: override, VIGIL_QUEUE_SCHEMA: schema }),
      FOLLOWUP_QUEUE_NAME: queue,
    }),
    async cleanup() {
      if (kind === 'postgres') {
        await query(url, `drop schema if exists "${schema}" cascade`);
        return;
      }
      const conn = await connect(url);
      const run = async (fn: (ch: Channel) => Promise<unknown>) => {
        const ch = await conn.createChannel();
        ch.on('error', () => undefined);
        await fn(ch).catch(() => undefined);
        await ch.close().catch(() => undefined);
      };
      // The queue, its dead-letter queue and the retry queues of the default backoff.
      const names = [queue, `${queue}.dlq`];
      for (let d = 1000; d <= 300_000; d *= 2) names.push(`${queue}.retry.${d}ms`);
      names.push(`${queue}.retry.300000ms`);
      for (const name of names) await run((ch) => ch.deleteQueue(name));
      await run((ch) => ch.deleteExchange(exchange));
      await conn.close();
    },
  };
}

/**
 * A TCP forwarder on `port` to `target`: closed, the port refuses connections (a broker that is
 * down); open, clients reach the real broker through it.
 */
export function tcpForwarder(port: number, target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return {
    open: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

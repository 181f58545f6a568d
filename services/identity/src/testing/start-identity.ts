import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig, type Clock } from '@vigil/core';
import { ConfigSchema, type Config } from '../config.js';
import type { Service } from '../server.gen.js';
import { createIdentityService } from '../service.js';
import { createServiceContext, type ServiceContext } from '../svc/context.js';
import { freePort } from './test-databases.js';

/** etc/identity.yaml, as `vigil start` runs it. */
export const IDENTITY_YAML = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../etc/identity.yaml',
);

/** A running in-process identity service for HTTP/gRPC tests. */
export interface RunningIdentity {
  readonly baseUrl: string;
  readonly grpcAddress: string;
  readonly config: Config;
  readonly svc: ServiceContext;
  readonly service: Service;
  /** Every log line written so far, as raw JSON text. */
  readonly logLines: string[];
  stop(): Promise<void>;
}

/**
 * The real etc/identity.yaml with the environment `vigil start` gives (mode, database URL, ports
 * picked free), a cheap argon2 cost, and optionally a driven clock.
 */
export async function loadTestConfig(
  databaseUrl: string,
  options: { mode?: 'embedded' | 'production' } = {},
): Promise<Config> {
  const port = await freePort();
  const grpcPort = await freePort();
  return loadConfig(ConfigSchema, IDENTITY_YAML, {
    env: {
      VIGIL_MODE: options.mode ?? 'embedded',
      IDENTITY_DATABASE_URL: databaseUrl,
      IDENTITY_HTTP_PORT: String(port),
      IDENTITY_GRPC_PORT: String(grpcPort),
      IDENTITY_JWKS_URL: `http://127.0.0.1:${port}/api/v1/identity/jwks.json`,
    },
    overrides: { Identity: { Password: { MemoryCostKiB: 4096, TimeCost: 1 } } },
  });
}

/** Builds the context and both servers as main.ts does, and starts listening (no signal handlers). */
export async function startIdentity(
  config: Config,
  options: { now?: Clock } = {},
): Promise<RunningIdentity> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  // The production logger (redaction included), writing where the test can read it.
  const logger = createLogger({ service: config.Name, level: 'debug', destination: sink });
  const svc = await createServiceContext(config, { now: options.now, logger });
  const service = createIdentityService(config, svc);
  await service.rpc.start();
  const baseUrl = await service.http.start();
  return {
    baseUrl,
    grpcAddress: config.Rpc.ListenOn,
    config,
    svc,
    service,
    logLines,
    stop: () => service.http.stop(),
  };
}

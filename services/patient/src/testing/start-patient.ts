import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig } from '@vigil/core';
import { ConfigSchema, type Config } from '../config.js';
import type { Service } from '../server.gen.js';
import { createPatientService } from '../service.js';
import { createServiceContext, type ServiceContext } from '../svc/context.js';
import { freePort } from './databases.js';

/** etc/patient.yaml, as `vigil start` runs it. */
export const PATIENT_YAML = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../etc/patient.yaml',
);

/** A running in-process patient service for HTTP/gRPC tests. */
export interface RunningPatient {
  readonly baseUrl: string;
  readonly grpcAddress: string;
  readonly svc: ServiceContext;
  readonly service: Service;
  /** Every log line written so far, as raw JSON text. */
  readonly logLines: string[];
  stop(): Promise<void>;
}

/**
 * The real etc/patient.yaml with the environment `vigil start` gives: embedded mode (migrations
 * and demo seed at start-up), the database URL, identity's JWKS URL, free ports.
 */
export async function loadTestConfig(databaseUrl: string, jwksUrl: string): Promise<Config> {
  const port = await freePort();
  return loadConfig(ConfigSchema, PATIENT_YAML, {
    env: {
      VIGIL_MODE: 'embedded',
      PATIENT_DATABASE_URL: databaseUrl,
      IDENTITY_JWKS_URL: jwksUrl,
      PATIENT_HTTP_PORT: String(port),
      PATIENT_GRPC_PORT: '0',
    },
  });
}

/** Builds the context and both servers as main.ts does, and starts listening (no signal handlers). */
export async function startPatient(config: Config): Promise<RunningPatient> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  // The production logger (redaction included), writing where the test can read it.
  const logger = createLogger({ service: config.Name, level: 'debug', destination: sink });
  const svc = await createServiceContext(config, { logger });
  const service = createPatientService(config, svc);
  const { port: grpcPort } = await service.rpc.start();
  const baseUrl = await service.http.start();
  return {
    baseUrl,
    grpcAddress: `127.0.0.1:${String(grpcPort)}`,
    svc,
    service,
    logLines,
    stop: () => service.http.stop(),
  };
}

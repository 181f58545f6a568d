import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** How `vigil start` runs one service, read from the `vigil` field of its package.json. */
export interface ServiceEntry {
  name: string;
  dir: string;
  /** Start order: lower first (identity before the services that verify its tokens). */
  order: number;
  httpPort: number;
  grpcPort?: number;
  /** A worker has no public API; it still serves /healthz and /metrics on httpPort. */
  worker: boolean;
  /** Name of the service's own database, when it has one (embedded mode creates it). */
  database?: string;
  entry: string;
  config: string;
}

interface VigilField {
  order?: number;
  httpPort: number;
  grpcPort?: number;
  worker?: boolean;
  database?: string;
}

/** The environment variable that carries a service's DataSource URL, e.g. `PATIENT_DATABASE_URL`. */
export function databaseEnvVar(service: string): string {
  return `${envPrefix(service)}_DATABASE_URL`;
}

/**
 * The addresses every service gets in its environment, so configs can reach each other
 * (`${PATIENT_URL}`, `${IDENTITY_GRPC_TARGET}`, `${IDENTITY_JWKS_URL}`) wherever ports moved.
 */
export function serviceAddressEnv(services: ServiceEntry[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of services) {
    const prefix = envPrefix(s.name);
    env[`${prefix}_HTTP_PORT`] = String(s.httpPort);
    env[`${prefix}_URL`] = `http://127.0.0.1:${s.httpPort}`;
    if (s.grpcPort) {
      env[`${prefix}_GRPC_PORT`] = String(s.grpcPort);
      env[`${prefix}_GRPC_TARGET`] = `127.0.0.1:${s.grpcPort}`;
    }
    if (s.name === 'identity')
      env.IDENTITY_JWKS_URL = `http://127.0.0.1:${s.httpPort}/.well-known/jwks.json`;
  }
  return env;
}

/** Env prefix of a service, e.g. `PATIENT` for `patient`. */
export function envPrefix(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

function portFromEnv(name: string, fallback: number | undefined): number | undefined {
  const value = process.env[name];
  return value ? Number(value) : fallback;
}

/** Finds the services of the repo at `root` (each `services/<name>` with a `vigil` field). */
export function discoverServices(root: string): ServiceEntry[] {
  const servicesDir = path.join(root, 'services');
  if (!existsSync(servicesDir)) return [];
  const entries: ServiceEntry[] = [];
  for (const name of readdirSync(servicesDir).sort()) {
    const dir = path.join(servicesDir, name);
    const pkgFile = path.join(dir, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { vigil?: VigilField };
    if (!pkg.vigil) continue;
    entries.push({
      name,
      dir,
      order: pkg.vigil.order ?? 50,
      // `<NAME>_HTTP_PORT` / `<NAME>_GRPC_PORT` move a service (two platforms on one machine).
      httpPort: portFromEnv(`${envPrefix(name)}_HTTP_PORT`, pkg.vigil.httpPort)!,
      grpcPort: portFromEnv(`${envPrefix(name)}_GRPC_PORT`, pkg.vigil.grpcPort),
      worker: pkg.vigil.worker ?? false,
      database: pkg.vigil.database,
      entry: path.join(dir, 'src', 'main.ts'),
      config: path.join(dir, 'etc', `${name}.yaml`),
    });
  }
  return entries.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

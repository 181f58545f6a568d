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
  return `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
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
      httpPort: pkg.vigil.httpPort,
      grpcPort: pkg.vigil.grpcPort,
      worker: pkg.vigil.worker ?? false,
      database: pkg.vigil.database,
      entry: path.join(dir, 'src', 'main.ts'),
      config: path.join(dir, 'etc', `${name}.yaml`),
    });
  }
  return entries.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

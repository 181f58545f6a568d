// What the deploy generators know about a service, read from the same places `vigil start` reads:
// the `vigil` field of services/<name>/package.json (ports, worker, database) and the service's
// etc/<name>.yaml. goctl reads the etc/ folder beside the main file the same way
// (tools/goctl/docker/docker.go findConfig); we also read the ports so nobody types them twice.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** One deployable service as the generators see it. */
export interface DeployService {
  /** Folder name under services/, e.g. `patient`; also the container and Kubernetes name. */
  name: string;
  /** Service folder relative to the repository root, `/`-separated (`services/patient`). */
  relDir: string;
  httpPort: number;
  grpcPort?: number | undefined;
  /** A worker serves only /healthz, /readyz and /metrics on its HTTP port. */
  worker: boolean;
  /** Its own database name, when it has one. */
  database?: string | undefined;
  /** Has a migrations/ folder (`vigil migrate` applies it when `database` is set too). */
  migrations: boolean;
  /** Config file relative to the service folder (`etc/patient.yaml`). */
  configFile: string;
  /** Text of the config file; undefined when the file does not exist. */
  configText?: string | undefined;
}

interface VigilField {
  httpPort?: unknown;
  grpcPort?: unknown;
  worker?: unknown;
  database?: unknown;
}

function port(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${what} must be a port number (1-65535), got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Reads the service in `dir` (a folder with a package.json carrying a `vigil` field); undefined
 * when the folder is not a Vigil service. `root` is the repository root for `relDir`.
 */
export function readDeployService(dir: string, root: string): DeployService | undefined {
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { vigil?: VigilField };
  if (!pkg.vigil) return undefined;
  const name = basename(resolve(dir));
  const httpPort = port(pkg.vigil.httpPort, `${pkgFile}: vigil.httpPort`);
  if (httpPort === undefined) throw new Error(`${pkgFile}: vigil.httpPort is required`);
  const configFile = `etc/${name}.yaml`;
  const configPath = join(dir, configFile);
  return {
    name,
    relDir: relative(root, resolve(dir)).split(sep).join('/') || '.',
    httpPort,
    grpcPort: port(pkg.vigil.grpcPort, `${pkgFile}: vigil.grpcPort`),
    worker: pkg.vigil.worker === true,
    database: typeof pkg.vigil.database === 'string' ? pkg.vigil.database : undefined,
    migrations: existsSync(join(dir, 'migrations')),
    configFile,
    configText: existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined,
  };
}

/** Every service of the repository at `root` (services/* with a `vigil` field), by name. */
export function discoverDeployServices(root: string): DeployService[] {
  const servicesDir = join(root, 'services');
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => readDeployService(join(servicesDir, e.name), root))
    .filter((s): s is DeployService => s !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The Vigil repository containing `start` (the folder whose package.json declares workspaces). */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown };
      if (Array.isArray(json.workspaces)) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `PATIENT` for `patient`, `FOLLOW_UP` for `follow-up`: the prefix of a service's variables. */
export function serviceEnvPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

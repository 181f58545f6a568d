// Files created once per service and then owned by a person (goctl writes etc/*.yaml,
// internal/config, internal/svc and the main file only when missing): main.ts, config.ts,
// svc/context.ts, etc/<name>.yaml, package.json, tsconfig.json. They are written formatted as
// Prettier would, so a fresh service passes `npm run lint` untouched.
import { envName } from '../naming.js';
import type { GeneratedFile } from '../write-files.js';

/** Facts the service scaffolds need. */
export interface ServiceFacts {
  /** Folder name: `patient` (package @vigil/patient, etc/patient.yaml). */
  name: string;
  /** Contract service name (`patient-api`), for descriptions. */
  contractName: string;
  /** Contract files, relative to the service folder. */
  contracts: string[];
  httpPort: number;
  grpcPort: number | undefined;
  order: number;
  /** `jwt:` block names used by the routes (`Auth`, …). */
  jwtNames: string[];
  /** Path from the service folder to the repo root (`../..`), when inside a Vigil repo. */
  repoRoot: string | undefined;
}

const SAFE = 'Safe to edit: created once by vigilctl, never overwritten.';

function configTs(f: ServiceFacts): string {
  const blocks = [
    ...f.jwtNames.map((n) => `  ${n}: AuthConfigSchema,`),
    ...(f.grpcPort !== undefined ? ['  Rpc: RpcServerConfigSchema,'] : []),
  ];
  const core = [
    ...(f.jwtNames.length ? ['AuthConfigSchema'] : []),
    'defineConfig',
    ...(f.grpcPort !== undefined ? ['RpcServerConfigSchema'] : []),
  ];
  return [
    `// ${SAFE} The ${f.name} service's config`,
    "// schema: go-zero's RestConf keys (Name, Host, Port, Log, Timeout…) plus this service's blocks.",
    "import type { Static } from '@sinclair/typebox';",
    `import { ${core.join(', ')} } from '@vigil/core';`,
    '',
    `/** Everything etc/${f.name}.yaml may hold; validated once at start-up. */`,
    blocks.length
      ? `export const ConfigSchema = defineConfig({\n${blocks.join('\n')}\n});`
      : 'export const ConfigSchema = defineConfig({});',
    '/** The loaded config, defaults filled. */',
    'export type Config = Static<typeof ConfigSchema>;',
    '',
  ].join('\n');
}

function contextTs(f: ServiceFacts): string {
  return [
    `// ${SAFE} The ${f.name} service's`,
    "// dependencies (go-zero's ServiceContext): built once at start-up, handed to every logic.",
    "import { createLogger, type Logger } from '@vigil/core';",
    "import type { Config } from '../config.js';",
    '',
    '/** Resources shared by the logic of every route and RPC method. */',
    'export interface ServiceContext {',
    '  readonly config: Config;',
    '  readonly logger: Logger;',
    '  /** Releases what the context opened (pools, clients); called once the servers have stopped. */',
    '  close(): Promise<void>;',
    '}',
    '',
    '/** Builds the context from the config: open database pools and RPC clients here. */',
    'export async function createServiceContext(config: Config): Promise<ServiceContext> {',
    '  const logger = createLogger({ service: config.Name, level: config.Log.Level });',
    '  return {',
    '    config,',
    '    logger,',
    '    async close() {},',
    '  };',
    '}',
    '',
  ].join('\n');
}

function mainTs(f: ServiceFacts): string {
  return [
    `// ${SAFE} Entry point of the ${f.name}`,
    `// service: node --conditions=vigil-source --import tsx src/main.ts -f etc/${f.name}.yaml`,
    "import { configFileFromArgs, initTelemetry, loadConfigOrExit } from '@vigil/core';",
    "import { ConfigSchema } from './config.js';",
    "import { createService } from './server.gen.js';",
    "import { createServiceContext } from './svc/context.js';",
    '',
    `const configFile = configFileFromArgs(process.argv.slice(2), 'etc/${f.name}.yaml');`,
    'const config = loadConfigOrExit(ConfigSchema, configFile);',
    '// Before anything that queries or calls: spans start with the first request.',
    'await initTelemetry(config.Telemetry, config.Name);',
    'const svc = await createServiceContext(config);',
    'const service = createService(config, svc);',
    'await service.start();',
    '',
  ].join('\n');
}

function etcYaml(f: ServiceFacts): string {
  const env = envName(f.name);
  const lines = [
    `# ${f.name} service config (created once by vigilctl; safe to edit). \${VAR:-default} reads the`,
    '# environment; the defaults suit a developer machine.',
    `Name: ${f.name}`,
    'Host: ${VIGIL_HOST:-127.0.0.1}',
    `Port: \${${env}_HTTP_PORT:-${f.httpPort}}`,
    'Log:',
    `  Level: \${${env}_LOG_LEVEL:-info}`,
  ];
  for (const n of f.jwtNames) {
    lines.push(
      `${n}:`,
      "  # Development only: production verifies the identity service's keys with JwksUrl.",
      `  AccessSecret: \${${env}_${envName(n)}_SECRET:-dev-only-${f.name}-${n.toLowerCase()}-secret-change-me}`,
    );
  }
  if (f.grpcPort !== undefined) {
    lines.push('Rpc:', `  ListenOn: \${VIGIL_HOST:-127.0.0.1}:\${${env}_GRPC_PORT:-${f.grpcPort}}`);
  }
  lines.push(
    "# Traces (go-zero's Telemetry): Batcher otlphttp|otlpgrpc|none (none: ids in logs, nothing exported),",
    "# Endpoint: the collector's base URL (/v1/traces is added for otlphttp), Sampler: share of new traces.",
    'Telemetry:',
    '  Endpoint: ${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:4318}',
    '  Sampler: ${TELEMETRY_SAMPLER:-1}',
    '  Batcher: ${TELEMETRY_BATCHER:-none}',
  );
  return `${lines.join('\n')}\n`;
}

function packageJson(f: ServiceFacts): string {
  const vigil: Record<string, number> = { order: f.order, httpPort: f.httpPort };
  if (f.grpcPort !== undefined) vigil.grpcPort = f.grpcPort;
  const pkg = {
    name: `@vigil/${f.name}`,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `${f.contractName}: generated by vigilctl from ${f.contracts.join(', ')}`,
    vigil,
    scripts: {
      start: `node --conditions=vigil-source --import tsx src/main.ts -f etc/${f.name}.yaml`,
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** One-line JSON with Prettier's spacing: `{ "a": 1 }`, `["x"]`. */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/**
 * JSON laid out as Prettier leaves it (width 100): the top-level object one key per line, nested
 * objects and arrays on one line when the whole line fits.
 */
export function prettyJson(value: unknown, indent = '', prefix = 0): string {
  const inline = inlineJson(value);
  const isContainer = value !== null && typeof value === 'object';
  // prefix: columns before the value on its line; +1 for the trailing comma.
  if (!isContainer || (indent !== '' && prefix + inline.length + 1 <= 100)) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((v) => `${inner}${prettyJson(v, inner, inner.length)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    const key = `${inner}${JSON.stringify(k)}: `;
    return `${key}${prettyJson(v, inner, key.length)}`;
  });
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function tsconfigJson(f: ServiceFacts): string {
  if (f.repoRoot === undefined) {
    return `${prettyJson({
      compilerOptions: { module: 'NodeNext', strict: true, rootDir: 'src', outDir: 'dist' },
      include: ['src'],
    })}\n`;
  }
  const root = f.repoRoot;
  return `${prettyJson({
    extends: `${root}/tsconfig.base.json`,
    compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
    include: ['src'],
    references: [{ path: `${root}/packages/core` }, { path: `${root}/packages/testkit` }],
  })}\n`;
}

/** The once-only files of a service folder (paths relative to it). */
export function serviceScaffolds(f: ServiceFacts): GeneratedFile[] {
  const s = (path: string, content: string): GeneratedFile => ({ path, content, kind: 'scaffold' });
  return [
    s('package.json', packageJson(f)),
    s('tsconfig.json', tsconfigJson(f)),
    s(`etc/${f.name}.yaml`, etcYaml(f)),
    s('src/main.ts', mainTs(f)),
    s('src/config.ts', configTs(f)),
    s('src/svc/context.ts', contextTs(f)),
  ];
}

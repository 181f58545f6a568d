// `vigilctl docker`: a multi-stage Dockerfile (goctl docker). With `--main services/x/src/main.ts`
// (goctl's --go) or `--service x`: that service's own image; without: the platform's one image,
// service chosen by argument (`npx vigilctl docker -o deploy/Dockerfile` writes the repository's).
// `--check` writes nothing and exits 1 when the file differs, for CI.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { generateDockerfile } from '../../gen/deploy/dockerfile.js';
import {
  findRepoRoot,
  readDeployService,
  type DeployService,
} from '../../gen/deploy/service-catalog.js';
import { deployDrift, writeDeployFiles } from '../../gen/deploy/write-deploy-files.js';
import { ExitCode, type CliIo } from '../io.js';
import { integer } from '../int-option.js';

interface DockerOptions {
  main?: string;
  service?: string;
  port?: number;
  version: string;
  base?: string;
  tz: string;
  o: string;
  check?: boolean;
}

/** The service a main file belongs to: the nearest folder above it with a `vigil` package.json. */
function serviceOfMain(main: string, root: string): DeployService {
  if (!existsSync(main)) throw new Error(`file "${main}" not found`);
  for (let dir = dirname(resolve(main)); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    const service = readDeployService(dir, root);
    if (service) return service;
  }
  throw new Error(`${main} is not inside a Vigil service (package.json with a "vigil" field)`);
}

/** Register `docker` on the program. */
export function register(program: Command, io: CliIo): void {
  program
    .command('docker')
    .description('generate a multi-stage Dockerfile (one service, or the platform image)')
    .option('--main <file>', "a service's src/main.ts: that service's own image (goctl --go)")
    .option('--service <name>', "services/<name>: that service's own image")
    .option(
      '--port <port>',
      "HTTP port to expose and health-check (default: the service's)",
      integer,
    )
    .option('--version <major>', 'Node.js version of the images', '20')
    .option(
      '--base <image>',
      'final stage image, Debian-based with node (default node:<version>-bookworm-slim)',
    )
    .option('--tz <zone>', 'time zone of the container', 'UTC')
    .option('-o <file>', 'output file; <file>.dockerignore is written beside it', 'Dockerfile')
    .option('--check', 'write nothing; exit 1 when the output is not up to date')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action((opts: DockerOptions) => {
      if (opts.main && opts.service) throw new Error('give --main or --service, not both');
      const out = resolve(opts.o);
      const root = findRepoRoot(opts.main ? dirname(resolve(opts.main)) : process.cwd());
      if (!root) throw new Error('not inside a Vigil repository (package.json with workspaces)');
      let service: DeployService | undefined;
      if (opts.main) service = serviceOfMain(opts.main, root);
      if (opts.service) {
        service = readDeployService(join(root, 'services', opts.service), root);
        if (!service) throw new Error(`no service "${opts.service}" in ${join(root, 'services')}`);
      }
      const args = [
        ...(service ? [`--service ${service.name}`] : []),
        ...(opts.port ? [`--port ${opts.port}`] : []),
        ...(opts.version !== '20' ? [`--version ${opts.version}`] : []),
        ...(opts.base ? [`--base ${opts.base}`] : []),
        ...(opts.tz !== 'UTC' ? [`--tz ${opts.tz}`] : []),
        `-o ${relative(root, out)}`,
      ];
      const { dockerfile, dockerignore } = generateDockerfile({
        service,
        port: opts.port,
        nodeVersion: opts.version,
        base: opts.base,
        tz: opts.tz,
        command: `npx vigilctl docker ${args.join(' ')}`,
      });
      const report = writeDeployFiles(
        root,
        [
          { path: relative(root, out), content: dockerfile, kind: 'generated' },
          { path: `${relative(root, out)}.dockerignore`, content: dockerignore, kind: 'generated' },
        ],
        { check: opts.check },
      );
      if (opts.check) {
        if (!deployDrift(report)) return;
        for (const path of report.written) io.stderr(`${path}: not up to date\n`);
        io.stderr(`run: npx vigilctl docker ${args.join(' ')}\n`);
        throw new ExitCode(1);
      }
      for (const path of report.written) io.stdout(`wrote ${path}\n`);
      io.stdout(
        `Build from the repository root: docker build -f ${relative(root, out)} -t ${service ? `vigil-${service.name}` : 'vigil'} .\n`,
      );
    });
}

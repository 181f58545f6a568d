// `vigilctl kube deploy`: one service's Kubernetes manifest with goctl kube deploy's flags and
// defaults; inside the repository the service's ports, config and env come from services/<name>.
// `vigilctl kube sync`: every service's manifest plus the files listing services (deploy/k8s);
// `--check` writes nothing and exits 1 when they are out of date, for CI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { kubeEnv } from '../../gen/deploy/kube-env.js';
import { buildKubeObjects, KUBE_DEFAULTS } from '../../gen/deploy/kube-manifests.js';
import { kubeSyncFiles } from '../../gen/deploy/kube-sync.js';
import {
  discoverDeployServices,
  findRepoRoot,
  readDeployService,
} from '../../gen/deploy/service-catalog.js';
import { deployDrift, writeDeployFiles } from '../../gen/deploy/write-deploy-files.js';
import { renderYamlDocuments } from '../../gen/deploy/yaml-docs.js';
import { integer } from '../int-option.js';
import { ExitCode, type CliIo } from '../io.js';

interface DeployOptions {
  name: string;
  namespace: string;
  image: string;
  o: string;
  dir?: string;
  port?: number;
  grpcPort?: number;
  targetPort?: number;
  nodePort?: number;
  replicas: number;
  revisions: number;
  requestCpu: number;
  requestMem: number;
  limitCpu: number;
  limitMem: number;
  minReplicas: number;
  maxReplicas: number;
  hpa: boolean;
  secret?: string;
  serviceAccount?: string;
  imagePullPolicy?: string;
}

interface SyncOptions {
  root?: string;
  namespace: string;
  image: string;
  check?: boolean;
}

function deployCommand(kube: Command, io: CliIo): void {
  const d = KUBE_DEFAULTS;
  kube
    .command('deploy')
    .description("one service's ConfigMap, Deployment, Service, HPA and PodDisruptionBudget")
    .requiredOption('--name <name>', 'service name (services/<name> supplies ports, config, env)')
    .requiredOption('--namespace <ns>', 'Kubernetes namespace')
    .requiredOption('--image <image>', 'container image')
    .requiredOption('-o <file>', 'output YAML file')
    .option('--dir <dir>', 'service folder (default: services/<name> of this repository)')
    .option('--port <port>', "HTTP port (default: the service's vigil.httpPort)", integer)
    .option('--grpcPort <port>', "gRPC port (default: the service's vigil.grpcPort)", integer)
    .option('--targetPort <port>', 'Service targetPort when it differs from --port', integer)
    .option('--nodePort <port>', 'expose the HTTP port on every node (30000-32767)', integer)
    .option('--replicas <n>', 'pods when --no-hpa', integer, d.replicas)
    .option('--revisions <n>', 'old ReplicaSets kept for rollback', integer, d.revisions)
    .option('--requestCpu <m>', 'CPU request, millicores', integer, d.requestCpu)
    .option('--requestMem <mi>', 'memory request, MiB', integer, d.requestMem)
    .option('--limitCpu <m>', 'CPU limit, millicores', integer, d.limitCpu)
    .option('--limitMem <mi>', 'memory limit, MiB (the V8 heap gets 75%)', integer, d.limitMem)
    .option('--minReplicas <n>', 'HPA minimum', integer, d.minReplicas)
    .option('--maxReplicas <n>', 'HPA maximum', integer, d.maxReplicas)
    .option('--no-hpa', 'fixed --replicas instead of a HorizontalPodAutoscaler')
    .option('--secret <name>', 'image pull secret')
    .option('--serviceAccount <name>', 'service account of the pods')
    .option('--imagePullPolicy <policy>', 'Always | IfNotPresent | Never')
    .action((opts: DeployOptions) => {
      const root = findRepoRoot(opts.dir ?? process.cwd());
      const dir = opts.dir ?? (root ? join(root, 'services', opts.name) : undefined);
      const service = dir ? readDeployService(dir, root ?? resolve(dir, '..', '..')) : undefined;
      const port = opts.port ?? service?.httpPort;
      if (port === undefined) {
        throw new Error(
          `--port is required (no Vigil service "${opts.name}" found to read it from)`,
        );
      }
      const services = root ? discoverDeployServices(root) : [];
      const objects = buildKubeObjects({
        ...opts,
        port,
        grpcPort: opts.grpcPort ?? service?.grpcPort,
        imagePullSecret: opts.secret,
        worker: service?.worker ?? false,
        config:
          service?.configText === undefined
            ? undefined
            : { fileName: `${opts.name}.yaml`, text: service.configText },
        env: service ? kubeEnv({ ...service, name: opts.name }, services) : [],
      });
      const out = resolve(opts.o);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(
        out,
        renderYamlDocuments(objects, [
          `vigilctl kube deploy --name ${opts.name} --namespace ${opts.namespace} --image ${opts.image}`,
        ]),
      );
      io.stdout(`wrote ${opts.o}: ${objects.map((o) => o.kind).join(', ')}\n`);
    });
}

function syncCommand(kube: Command, io: CliIo): void {
  kube
    .command('sync')
    .description('regenerate deploy/k8s for every service of the repository')
    .option('--root <dir>', 'repository root (default: the one containing the current folder)')
    .option('--namespace <ns>', 'Kubernetes namespace', 'vigil')
    .option('--image <image>', 'image name; kustomization.yaml sets its tag', 'vigil')
    .option('--check', 'write nothing; exit 1 listing out-of-date files')
    .action((opts: SyncOptions) => {
      const root = opts.root ? resolve(opts.root) : findRepoRoot(process.cwd());
      if (!root) throw new Error('not inside a Vigil repository (package.json with workspaces)');
      const files = kubeSyncFiles({ root, namespace: opts.namespace, image: opts.image });
      const report = writeDeployFiles(root, files, {
        check: opts.check,
        ownedDirs: ['deploy/k8s'],
      });
      if (opts.check) {
        if (!deployDrift(report)) return;
        for (const path of report.written) io.stderr(`${path}: not up to date\n`);
        for (const path of report.removed) io.stderr(`${path}: no longer generated\n`);
        io.stderr('run: npx vigilctl kube sync\n');
        throw new ExitCode(1);
      }
      for (const path of report.written) io.stdout(`wrote ${path}\n`);
      for (const path of report.removed) io.stdout(`removed ${path}\n`);
      io.stdout(`${report.unchanged.length + report.kept.length} file(s) unchanged\n`);
    });
}

/** Register `kube deploy` and `kube sync` on the program. */
export function register(program: Command, io: CliIo): void {
  const kube = program
    .command('kube')
    .description('Kubernetes manifests')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  deployCommand(kube, io);
  syncCommand(kube, io);
  for (const cmd of kube.commands) {
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
}

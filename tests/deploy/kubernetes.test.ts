// deploy/k8s against the services: every service has a manifest, regenerating changes nothing,
// and what the manifests name exists (probe paths in core, ports in package.json, config file and
// variables in etc/<name>.yaml, Secret keys in the example, platform keys in vigil-env).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  discoverDeployServices,
  findEnvRefs,
  kubeEnvPlan,
  PLATFORM_CONFIGMAP,
  type DeployService,
} from '@vigil/ctl';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { ConfigMap, EnvVar, Secret, Service } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { coreRoutes, ROOT } from './source-facts.js';

const K8S = join(ROOT, 'deploy/k8s');
const services = discoverDeployServices(ROOT);
const routes = coreRoutes();
const VIGILCTL = join(ROOT, 'packages/ctl/bin/vigilctl.js');

function docs(file: string): { kind?: string; metadata?: { name?: string } }[] {
  return parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((d) => {
    expect(
      d.errors.map((e) => e.message),
      file,
    ).toEqual([]);
    return d.toJS() as { kind?: string };
  });
}

function find<T>(
  all: { kind?: string; metadata?: { name?: string } }[],
  kind: string,
  name: string,
) {
  const found = all.find((d) => d.kind === kind && d.metadata?.name === name);
  expect(found, `${kind}/${name}`).toBeDefined();
  return found as T;
}

/** The metrics path a service serves: its YAML's Prometheus.Path, else core's default. */
function metricsPath(s: DeployService): string {
  const config = parse(s.configText ?? '') as { Prometheus?: { Path?: string } } | null;
  return config?.Prometheus?.Path ?? '/metrics';
}

function vigilctl(args: string[]) {
  const r = spawnSync(process.execPath, [VIGILCTL, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('deploy/k8s', () => {
  it('finds the services (services/*/package.json with a vigil field)', () => {
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['gateway', 'identity']));
    for (const route of ['/healthz', '/readyz', '/metrics']) expect(routes).toContain(route);
  });

  it('is what `vigilctl kube sync` and `vigilctl docker` generate from the services', () => {
    const kube = vigilctl(['kube', 'sync', '--check']);
    expect(kube.out, 'run: npx vigilctl kube sync').toBe('');
    expect(kube.code).toBe(0);
    const docker = vigilctl(['docker', '-o', 'deploy/Dockerfile', '--check']);
    expect(docker.out, 'run: npx vigilctl docker -o deploy/Dockerfile').toBe('');
    expect(docker.code).toBe(0);
  }, 60_000);

  it('parses: every YAML file of deploy/k8s', () => {
    const files = readdirSync(K8S).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(services.length);
    for (const file of files) expect(docs(file).length, file).toBeGreaterThan(0);
  });

  const secrets = existsSync(join(K8S, 'secrets.example.yaml'))
    ? (docs('secrets.example.yaml') as Secret[])
    : [];
  const platform = existsSync(join(K8S, 'vigil-env.yaml'))
    ? (docs('vigil-env.yaml')[0] as ConfigMap)
    : undefined;

  describe.each(services.map((s) => [s.name, s] as const))('%s', (name, s) => {
    const file = `${name}.yaml`;

    it('has a manifest listed in the kustomization', () => {
      expect(existsSync(join(K8S, file)), `deploy/k8s/${file} (run npx vigilctl kube sync)`).toBe(
        true,
      );
      const kustomization = docs('kustomization.yaml')[0] as { resources: string[] };
      expect(kustomization.resources).toContain(file);
    });

    it("probes core's /healthz and /readyz on the service's HTTP port", () => {
      const all = docs(file);
      const deployment = find<Deployment>(all, 'Deployment', name);
      const pod = deployment.spec!.template;
      const container = pod.spec!.containers[0]!;
      const ports = Object.fromEntries(container.ports!.map((p) => [p.name, p.containerPort]));
      expect(ports).toEqual({ http: s.httpPort, ...(s.grpcPort ? { grpc: s.grpcPort } : {}) });
      for (const probe of [
        container.livenessProbe,
        container.readinessProbe,
        container.startupProbe,
      ]) {
        expect(routes).toContain(probe!.httpGet!.path);
        expect(probe!.httpGet!.port).toBe('http');
      }
      expect(container.livenessProbe!.httpGet!.path).toBe('/healthz');
      expect(container.readinessProbe!.httpGet!.path).toBe('/readyz');
      expect(pod.metadata!.annotations).toMatchObject({
        'prometheus.io/port': String(s.httpPort),
        'prometheus.io/path': metricsPath(s),
      });
      expect(routes).toContain(metricsPath(s));
      const service = find<Service>(all, 'Service', name);
      expect(service.spec!.ports!.map((p) => [p.name, p.port])).toEqual([
        ['http', s.httpPort],
        ...(s.grpcPort ? [['grpc', s.grpcPort]] : []),
      ]);
      const hpa = find<HorizontalPodAutoscaler>(all, 'HorizontalPodAutoscaler', name);
      expect(hpa.spec!.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
      const pdb = find<PodDisruptionBudget>(all, 'PodDisruptionBudget', name);
      expect(pod.metadata!.labels).toMatchObject(pdb.spec!.selector!.matchLabels!);
      expect(deployment.spec!.selector.matchLabels).toEqual(pdb.spec!.selector!.matchLabels);
    });

    it('mounts etc/<name>.yaml as it is and sets only variables it reads', () => {
      expect(s.configText, `services/${name}/etc/${name}.yaml`).toBeDefined();
      const all = docs(file);
      const config = find<ConfigMap>(all, 'ConfigMap', `${name}-config`);
      expect(config.data).toEqual({ [`${name}.yaml`]: s.configText });
      const container = find<Deployment>(all, 'Deployment', name).spec!.template.spec!
        .containers[0]!;
      expect(container.args).toEqual([name, '-f', `/etc/vigil/${name}.yaml`]);
      const read = new Set(findEnvRefs(s.configText!).map((r) => r.name));
      const env = container.env!;
      for (const e of env) {
        if (e.name.startsWith('OTEL_') || e.name === 'NODE_OPTIONS') continue;
        expect(read, `${e.name} is set but etc/${name}.yaml does not read it`).toContain(e.name);
      }
      // Every variable whose YAML default is wrong in a container is set.
      const byName = new Map<string, EnvVar>(env.map((e) => [e.name, e]));
      for (const entry of kubeEnvPlan(s, services)) {
        if (entry.source.kind === 'default') continue;
        expect(byName.has(entry.name), `${entry.name} must be set`).toBe(true);
      }
      for (const e of env) {
        const secretRef = e.valueFrom?.secretKeyRef;
        if (secretRef) {
          const secret = secrets.find((x) => x.metadata!.name === secretRef.name);
          expect(secret?.stringData, `${secretRef.name} in secrets.example.yaml`).toHaveProperty(
            secretRef.key,
          );
        }
        const mapRef = e.valueFrom?.configMapKeyRef;
        if (mapRef && !mapRef.optional) {
          expect(mapRef.name).toBe(PLATFORM_CONFIGMAP);
          expect(platform?.data, `${mapRef.key} in deploy/k8s/vigil-env.yaml`).toHaveProperty(
            mapRef.key,
          );
        }
      }
    });
  });

  it('renders with kustomize', () => {
    const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      process.stderr.write('SKIP deploy/k8s kustomize render: kubectl is not installed\n');
      return;
    }
    const r = spawnSync('kubectl', ['kustomize', K8S], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds.filter((k) => k === 'Deployment')).toHaveLength(services.length);
  });
});

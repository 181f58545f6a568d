// `vigilctl kube deploy`: the Kubernetes objects of one service, after goctl's deployment.tpl
// (tools/goctl/kube: Deployment + Service + HorizontalPodAutoscaler, same flags and defaults) with
// what goctl leaves out: HTTP probes on the runtime's /healthz and /readyz instead of a TCP check,
// a startup probe, the service's YAML as a ConfigMap, env from the YAML's ${VAR} references
// (credentials from a Secret), a PodDisruptionBudget, a headless Service so gRPC clients balance
// per call, a non-root read-only container, and no `replicas` when an HPA owns the count.
import { createHash } from 'node:crypto';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { ConfigMap, EnvVar, Service } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { CONTAINER_UID } from './dockerfile.js';

/** Options of {@link buildKubeObjects}; the numeric ones are goctl kube deploy's flags. */
export interface KubeDeployOptions {
  name: string;
  namespace: string;
  image: string;
  /** HTTP port: container port, Service port, probes, metrics. */
  port: number;
  grpcPort?: number | undefined;
  /** Service targetPort when it differs from `port` (goctl `--targetPort`). */
  targetPort?: number | undefined;
  /** Expose the HTTP port on every node (30000-32767), as goctl `--nodePort`. */
  nodePort?: number | undefined;
  /** Pod count when there is no HPA. */
  replicas: number;
  revisions: number;
  /** Millicores and MiB, as goctl. */
  requestCpu: number;
  requestMem: number;
  limitCpu: number;
  limitMem: number;
  minReplicas: number;
  maxReplicas: number;
  /** Autoscale on CPU (goctl always autoscales); false: a fixed `replicas`. */
  hpa: boolean;
  /** imagePullSecrets entry (goctl `--secret`). */
  imagePullSecret?: string | undefined;
  serviceAccount?: string | undefined;
  imagePullPolicy?: string | undefined;
  worker: boolean;
  /** The service's YAML config, mounted read-only at /etc/vigil/<file>. */
  config?: { fileName: string; text: string } | undefined;
  /** Variables the config reads (see env-plan.ts), after the platform's own. */
  env: EnvVar[];
}

/** Defaults of goctl kube deploy (tools/goctl/kube/cmd.go). */
export const KUBE_DEFAULTS = {
  replicas: 3,
  revisions: 5,
  requestCpu: 500,
  requestMem: 512,
  limitCpu: 1000,
  limitMem: 1024,
  minReplicas: 3,
  maxReplicas: 10,
} as const;

/** Where the config ConfigMap is mounted in the container. */
export const CONFIG_MOUNT = '/etc/vigil';

/** One Kubernetes object of a service's manifest. */
export type KubeObject =
  ConfigMap | Deployment | Service | HorizontalPodAutoscaler | PodDisruptionBudget;

/** Checks goctl's limits (nodePort range) and ours; throws a message naming the flag. */
export function validateKubeOptions(o: KubeDeployOptions): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.name) || o.name.length > 53) {
    throw new Error(`--name must be a DNS label of at most 53 characters, got "${o.name}"`);
  }
  if (o.nodePort !== undefined && (o.nodePort < 30000 || o.nodePort > 32767)) {
    throw new Error('--nodePort must be between 30000 and 32767');
  }
  if (o.hpa && (o.minReplicas < 1 || o.maxReplicas < o.minReplicas)) {
    throw new Error('--minReplicas must be at least 1 and at most --maxReplicas');
  }
  for (const [flag, value] of Object.entries({
    port: o.port,
    requestCpu: o.requestCpu,
    requestMem: o.requestMem,
    limitCpu: o.limitCpu,
    limitMem: o.limitMem,
    replicas: o.replicas,
  })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`--${flag} must be a positive integer`);
    }
  }
}

/** The objects of one service, in apply order: ConfigMap, Deployment, Services, HPA, PDB. */
export function buildKubeObjects(o: KubeDeployOptions): KubeObject[] {
  validateKubeOptions(o);
  const selector = { 'app.kubernetes.io/name': o.name };
  const labels = {
    ...selector,
    'app.kubernetes.io/part-of': 'vigil',
    'app.kubernetes.io/component': o.worker ? 'worker' : 'service',
  };
  const metadata = (name: string) => ({ name, namespace: o.namespace, labels });
  const objects: KubeObject[] = [];
  const configName = `${o.name}-config`;
  if (o.config) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(configName),
      data: { [o.config.fileName]: o.config.text },
    });
  }
  objects.push(deployment(o, metadata(o.name), selector, labels, configName));
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(o.name),
    spec: {
      ...(o.nodePort !== undefined ? { type: 'NodePort' } : {}),
      selector,
      ports: [
        {
          name: 'http',
          port: o.port,
          targetPort: o.targetPort ?? 'http',
          ...(o.nodePort !== undefined ? { nodePort: o.nodePort } : {}),
        },
        ...(o.grpcPort !== undefined
          ? [{ name: 'grpc', port: o.grpcPort, targetPort: 'grpc' }]
          : []),
      ],
    },
  });
  if (o.grpcPort !== undefined) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(`${o.name}-headless`),
      // One DNS record per ready pod: grpc-js resolves them all and balances round-robin.
      spec: {
        clusterIP: 'None',
        selector,
        ports: [{ name: 'grpc', port: o.grpcPort, targetPort: 'grpc' }],
      },
    });
  }
  if (o.hpa) objects.push(autoscaler(o, metadata(o.name)));
  objects.push({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(o.name),
    // maxUnavailable (not minAvailable) so a node drain never blocks on a one-replica service.
    spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
  });
  return objects;
}

function deployment(
  o: KubeDeployOptions,
  metadata: Deployment['metadata'],
  selector: Record<string, string>,
  labels: Record<string, string>,
  configName: string,
): Deployment {
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  const heapMb = Math.floor(o.limitMem * 0.75);
  const annotations: Record<string, string> = {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(o.port),
    'prometheus.io/path': '/metrics',
  };
  // A changed config rolls the pods (a mounted ConfigMap alone would change under running ones).
  if (o.config) {
    annotations['checksum/config'] = createHash('sha256')
      .update(o.config.text)
      .digest('hex')
      .slice(0, 16);
  }
  const args = [o.name, ...(o.config ? ['-f', `${CONFIG_MOUNT}/${o.config.fileName}`] : [])];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      ...(o.hpa ? {} : { replicas: o.replicas }),
      revisionHistoryLimit: o.revisions,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels, annotations },
        spec: {
          ...(o.serviceAccount ? { serviceAccountName: o.serviceAccount } : {}),
          automountServiceAccountToken: false,
          ...(o.imagePullSecret ? { imagePullSecrets: [{ name: o.imagePullSecret }] } : {}),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: CONTAINER_UID,
            runAsGroup: CONTAINER_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector },
            },
          ],
          containers: [
            {
              name: o.name,
              image: o.image,
              ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
              args,
              ports: [
                { name: 'http', containerPort: o.port },
                ...(o.grpcPort !== undefined ? [{ name: 'grpc', containerPort: o.grpcPort }] : []),
              ],
              env: [
                {
                  name: 'NODE_OPTIONS',
                  value: `--enable-source-maps --max-old-space-size=${heapMb}`,
                },
                ...o.env,
              ],
              startupProbe: probe('/healthz', 2, 30),
              livenessProbe: probe('/healthz', 10, 3),
              readinessProbe: probe('/readyz', 5, 2),
              // Endpoints are removed asynchronously: keep serving a few seconds after the pod
              // is marked terminating, then SIGTERM starts the graceful drain.
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
              resources: {
                requests: { cpu: `${o.requestCpu}m`, memory: `${o.requestMem}Mi` },
                limits: { cpu: `${o.limitCpu}m`, memory: `${o.limitMem}Mi` },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                ...(o.config ? [{ name: 'config', mountPath: CONFIG_MOUNT, readOnly: true }] : []),
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            ...(o.config ? [{ name: 'config', configMap: { name: configName } }] : []),
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
          ],
        },
      },
    },
  };
}

function autoscaler(
  o: KubeDeployOptions,
  metadata: HorizontalPodAutoscaler['metadata'],
): HorizontalPodAutoscaler {
  const utilization = (name: string) => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization: 80 } },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: o.name },
      minReplicas: o.minReplicas,
      maxReplicas: o.maxReplicas,
      // CPU only: goctl adds a memory HPA, but V8 keeps its heap after a peak, so a memory
      // target scales a Node service up and never back down.
      metrics: [utilization('cpu')],
      // Scale down slowly: a brief lull should not drop replicas a burst needs a minute later.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

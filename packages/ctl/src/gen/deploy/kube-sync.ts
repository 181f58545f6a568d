// `vigilctl kube sync`: the repository's Kubernetes manifests, one file per service plus the
// files that list services (kustomization, migration Job, example Secrets), regenerated from
// services/*/package.json and etc/<name>.yaml, so adding a service is one command. CI runs it with
// --check and fails when a service changed without its manifest.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Secret } from 'kubernetes-types/core/v1.js';
import { CONTAINER_UID } from './dockerfile.js';
import type { EnvRef } from './env-refs.js';
import { kubeEnv, kubeEnvPlan, secretName } from './kube-env.js';
import { buildKubeObjects, KUBE_DEFAULTS, type KubeDeployOptions } from './kube-manifests.js';
import { discoverDeployServices, serviceEnvPrefix, type DeployService } from './service-catalog.js';
import { renderYamlDocuments } from './yaml-docs.js';
import type { DeployFile } from './write-deploy-files.js';

/** Options of {@link kubeSyncFiles}. */
export interface KubeSyncOptions {
  /** Repository root (holds services/). */
  root: string;
  /** Output folder relative to the root. */
  outDir?: string | undefined;
  namespace?: string | undefined;
  /** Image name without tag; kustomization.yaml sets the tag. */
  image?: string | undefined;
}

const REGENERATE = 'Regenerate: npx vigilctl kube sync';

/** `kube deploy` options for one repository service with goctl's defaults. */
export function repoKubeOptions(
  service: DeployService,
  services: readonly DeployService[],
  namespace: string,
  image: string,
): KubeDeployOptions {
  return {
    ...KUBE_DEFAULTS,
    name: service.name,
    namespace,
    image,
    port: service.httpPort,
    grpcPort: service.grpcPort,
    hpa: true,
    worker: service.worker,
    config:
      service.configText === undefined
        ? undefined
        : { fileName: `${service.name}.yaml`, text: service.configText },
    env: kubeEnv(service, services),
  };
}

/** Services whose database `vigil migrate` migrates (a database name and a migrations folder). */
export function migratedServices(services: readonly DeployService[]): DeployService[] {
  return services.filter((s) => s.database !== undefined && s.migrations);
}

function migrateJob(services: readonly DeployService[], namespace: string, image: string): Job {
  const labels = {
    'app.kubernetes.io/name': 'vigil-migrate',
    'app.kubernetes.io/part-of': 'vigil',
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'vigil-migrate', namespace, labels },
    spec: {
      backoffLimit: 3,
      // Removed ten minutes after it ends, so the next release can apply it again (a Job's
      // template cannot be changed in place).
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: CONTAINER_UID,
            runAsGroup: CONTAINER_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'migrate',
              image,
              args: ['migrate'],
              env: migratedServices(services).map((s) => {
                const key = `${serviceEnvPrefix(s.name)}_DATABASE_URL`;
                return {
                  name: key,
                  valueFrom: { secretKeyRef: { name: secretName(s.name), key } },
                };
              }),
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

/** The database a `*_DATABASE_URL` default names (`…/queue` → `queue`), if it is a URL. */
function defaultDatabase(ref: EnvRef | undefined): string | undefined {
  if (!ref?.default) return undefined;
  try {
    return new URL(ref.default).pathname.slice(1) || undefined;
  } catch {
    return undefined;
  }
}

function exampleValue(service: DeployService, key: string, ref: EnvRef | undefined): string {
  if (key.endsWith('_DATABASE_URL')) {
    // The service's own database, else the one its default names: a URL shared by services
    // (VIGIL_QUEUE_DATABASE_URL → the queue database) is not the service's database.
    const own = key === `${serviceEnvPrefix(service.name)}_DATABASE_URL`;
    const db = own ? service.database : defaultDatabase(ref);
    return `postgres://vigil:CHANGE_ME@postgres:5432/${db ?? service.database ?? service.name}`;
  }
  if (/(REDIS|CACHE)_URL$/.test(key)) return 'redis://:CHANGE_ME@redis:6379';
  if (/(AMQP|RABBITMQ|BROKER|QUEUE)_URL$/.test(key)) return 'amqp://vigil:CHANGE_ME@rabbitmq:5672';
  return 'CHANGE_ME';
}

/** The Secrets every Deployment and the migration Job read, with placeholder values. */
export function exampleSecrets(services: readonly DeployService[], namespace: string): Secret[] {
  const migrated = new Set(migratedServices(services).map((s) => s.name));
  const secrets: Secret[] = [];
  for (const s of services) {
    const refs = new Map(
      kubeEnvPlan(s, services)
        .filter((e) => e.source.kind === 'secret')
        .map((e) => [e.name, e.ref] as const),
    );
    const keys = new Set(refs.keys());
    if (migrated.has(s.name)) keys.add(`${serviceEnvPrefix(s.name)}_DATABASE_URL`);
    if (!keys.size) continue;
    const stringData: Record<string, string> = {};
    for (const key of [...keys].sort()) stringData[key] = exampleValue(s, key, refs.get(key));
    secrets.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secretName(s.name), namespace },
      type: 'Opaque',
      stringData,
    });
  }
  return secrets;
}

/** Every file `kube sync` writes, paths relative to the root. */
export function kubeSyncFiles(options: KubeSyncOptions): DeployFile[] {
  const outDir = options.outDir ?? 'deploy/k8s';
  const namespace = options.namespace ?? 'vigil';
  const image = options.image ?? 'vigil';
  const services = discoverDeployServices(options.root);
  const files: DeployFile[] = services.map((s) => ({
    path: `${outDir}/${s.name}.yaml`,
    kind: 'generated',
    content: renderYamlDocuments(buildKubeObjects(repoKubeOptions(s, services, namespace, image)), [
      `${s.name}: ConfigMap (etc/${s.name}.yaml), Deployment, Service(s), HPA, PodDisruptionBudget.`,
      REGENERATE,
    ]),
  }));
  files.push({
    path: `${outDir}/migrate-job.yaml`,
    kind: 'generated',
    content: renderYamlDocuments(
      [migrateJob(services, namespace, image)],
      [
        '`vigil migrate` for every service database; run it before rolling out a release.',
        REGENERATE,
      ],
    ),
  });
  files.push({
    path: `${outDir}/secrets.example.yaml`,
    kind: 'generated',
    content: renderYamlDocuments(exampleSecrets(services, namespace), [
      'The Secrets the services read, with placeholders. Never apply this file as it is:',
      'create the real ones (kubectl create secret generic …) or copy it outside the repository.',
      REGENERATE,
    ]),
  });
  files.push({
    path: `${outDir}/kustomization.yaml`,
    kind: 'generated',
    content: renderYamlDocuments(
      [
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace,
          resources: ['namespace.yaml', 'vigil-env.yaml', ...services.map((s) => `${s.name}.yaml`)],
          images: [{ name: image, newTag: 'latest' }],
        },
      ],
      [
        'kubectl apply -k deploy/k8s (pin the image: kustomize edit set image vigil=REGISTRY/vigil:TAG).',
        REGENERATE,
      ],
    ),
  });
  files.push({
    path: `${outDir}/namespace.yaml`,
    kind: 'scaffold',
    content: namespaceScaffold(namespace),
  });
  files.push({
    path: `${outDir}/vigil-env.yaml`,
    kind: 'scaffold',
    content: platformScaffold(namespace),
  });
  return files;
}

function namespaceScaffold(namespace: string): string {
  return `# Safe to edit: created once by vigilctl kube sync.\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n`;
}

function platformScaffold(namespace: string): string {
  return `# Safe to edit: created once by vigilctl kube sync. Platform-wide settings every service reads
# (env valueFrom configMapKeyRef vigil-env); credentials go in the <service>-secrets Secrets.
apiVersion: v1
kind: ConfigMap
metadata:
  name: vigil-env
  namespace: ${namespace}
data:
  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector.observability:4318
  # Telemetry.Batcher of every service: otlphttp sends traces to the collector above.
  TELEMETRY_BATCHER: otlphttp
`;
}

import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Service } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildKubeObjects, KUBE_DEFAULTS, type KubeDeployOptions } from './kube-manifests.js';
import { renderYamlDocuments, YAML_GENERATED_HEADER } from './yaml-docs.js';

const options: KubeDeployOptions = {
  ...KUBE_DEFAULTS,
  name: 'patient',
  namespace: 'vigil',
  image: 'vigil:1.0.0',
  port: 8002,
  grpcPort: 9002,
  hpa: true,
  worker: false,
  config: { fileName: 'patient.yaml', text: 'Name: patient\nPort: ${PATIENT_HTTP_PORT:-8002}\n' },
  env: [{ name: 'VIGIL_HOST', value: '0.0.0.0' }],
};

type Doc = { kind?: string; metadata?: { name?: string }; spec?: unknown; data?: unknown };

function parse(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Doc;
  });
}

const kinds = (objects: { kind?: string; metadata?: { name?: string } }[]) =>
  objects.map((o) => `${o.kind}/${o.metadata?.name}`);

describe('kube deploy manifest', () => {
  const objects = buildKubeObjects(options);
  const text = renderYamlDocuments(objects, ['test']);
  const docs = parse(text);
  const deployment = docs.find((d) => d.kind === 'Deployment') as Deployment;
  const container = deployment.spec!.template.spec!.containers[0]!;

  it('is YAML that round-trips to the objects, generated header first', () => {
    expect(text.startsWith(`${YAML_GENERATED_HEADER}\n# test\n---\n`)).toBe(true);
    expect(docs).toEqual(JSON.parse(JSON.stringify(objects)));
    expect(kinds(docs)).toEqual([
      'ConfigMap/patient-config',
      'Deployment/patient',
      'Service/patient',
      'Service/patient-headless',
      'HorizontalPodAutoscaler/patient',
      'PodDisruptionBudget/patient',
    ]);
  });

  it('is deterministic', () => {
    expect(renderYamlDocuments(buildKubeObjects(options), ['test'])).toBe(text);
  });

  it("carries the service's YAML verbatim and mounts it as the config file", () => {
    const configMap = docs[0] as ConfigMap;
    expect(configMap.data).toEqual({ 'patient.yaml': options.config!.text });
    expect(container.args).toEqual(['patient', '-f', '/etc/vigil/patient.yaml']);
    expect(container.volumeMounts).toContainEqual({
      name: 'config',
      mountPath: '/etc/vigil',
      readOnly: true,
    });
  });

  it('probes /healthz for liveness and start-up, /readyz for readiness, on the HTTP port', () => {
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 8002 },
      { name: 'grpc', containerPort: 9002 },
    ]);
    expect(container.livenessProbe!.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe!.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe!.httpGet).toEqual({ path: '/readyz', port: 'http' });
  });

  it('lets the HPA own the replica count, goctl resources, V8 heap under the limit', () => {
    expect(deployment.spec!.replicas).toBeUndefined();
    expect(docs[4]!.spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '1000m', memory: '1024Mi' },
    });
    expect(container.env![0]).toEqual({
      name: 'NODE_OPTIONS',
      value: '--enable-source-maps --max-old-space-size=768',
    });
    expect(container.env).toContainEqual({ name: 'VIGIL_HOST', value: '0.0.0.0' });
  });

  it('runs non-root with a read-only root file system', () => {
    expect(deployment.spec!.template.spec!.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
    });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
  });

  it('rolls the pods when the config changes', () => {
    const checksum = (o: KubeDeployOptions) =>
      (buildKubeObjects(o)[1] as Deployment).spec!.template.metadata!.annotations![
        'checksum/config'
      ];
    const changed = { ...options, config: { fileName: 'patient.yaml', text: 'Name: other\n' } };
    expect(checksum(changed)).not.toBe(checksum(options));
  });

  it('without an HPA: fixed replicas; without gRPC: no headless Service; NodePort on request', () => {
    const plain = buildKubeObjects({
      ...options,
      hpa: false,
      replicas: 2,
      grpcPort: undefined,
      config: undefined,
      nodePort: 30080,
    });
    expect(kinds(plain)).toEqual([
      'Deployment/patient',
      'Service/patient',
      'PodDisruptionBudget/patient',
    ]);
    expect((plain[0] as Deployment).spec!.replicas).toBe(2);
    expect((plain[1] as Service).spec).toMatchObject({
      type: 'NodePort',
      ports: [{ name: 'http', port: 8002, targetPort: 'http', nodePort: 30080 }],
    });
  });

  it('rejects what goctl rejects, naming the flag', () => {
    expect(() => buildKubeObjects({ ...options, nodePort: 8080 })).toThrow(
      '--nodePort must be between 30000 and 32767',
    );
    expect(() => buildKubeObjects({ ...options, minReplicas: 5, maxReplicas: 2 })).toThrow(
      /--minReplicas/,
    );
    expect(() => buildKubeObjects({ ...options, name: 'Patient_API' })).toThrow(/--name/);
    expect(() => buildKubeObjects({ ...options, limitMem: 0 })).toThrow('--limitMem');
  });
});

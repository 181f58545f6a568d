// `vigilctl kube sync|deploy` and `vigilctl docker` on a small repository made for the test.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { CliIo } from '../../cli/io.js';
import { runCli } from '../../cli/main.js';

let root = '';

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function vigilctl(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => '',
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const docs = (path: string) =>
  parseAllDocuments(readFileSync(join(root, path), 'utf8')).map((d) => d.toJS());

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'vigil-kube-sync-'));
  write('package.json', JSON.stringify({ name: 'fixture', workspaces: ['services/*'] }));
  write(
    'services/orders/package.json',
    JSON.stringify({ vigil: { httpPort: 8100, grpcPort: 9100, database: 'orders' } }),
  );
  write('services/orders/migrations/0001_init.ts', 'export async function up() {}\n');
  write('services/orders/src/main.ts', '');
  write(
    'services/orders/etc/orders.yaml',
    [
      'Name: orders',
      'Host: ${VIGIL_HOST:-127.0.0.1}',
      'DataSource: ${ORDERS_DATABASE_URL:-postgres://postgres@127.0.0.1:5439/orders}',
      'Mailer: ${MAILER_URL:-http://127.0.0.1:8200}',
      'Log: ${ORDERS_LOG_LEVEL:-info}',
      'Queue: ${VIGIL_QUEUE_DATABASE_URL:-postgres://postgres@127.0.0.1:5439/queue}',
      'Telemetry:',
      '  Endpoint: ${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:4318}',
      '  Batcher: ${TELEMETRY_BATCHER:-none}',
      '',
    ].join('\n'),
  );
  write(
    'services/mailer/package.json',
    JSON.stringify({ vigil: { httpPort: 8200, worker: true } }),
  );
  write('services/mailer/etc/mailer.yaml', 'Name: mailer\nOrders: ${ORDERS_GRPC_TARGET}\n');
  write('services/notes/package.json', '{}'); // not a Vigil service
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('vigilctl kube sync', () => {
  it('writes one manifest per service and the files that list them', async () => {
    const r = await vigilctl(['kube', 'sync', '--root', root]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('wrote deploy/k8s/orders.yaml');
    for (const file of ['mailer', 'orders', 'kustomization', 'migrate-job', 'secrets.example']) {
      expect(existsSync(join(root, `deploy/k8s/${file}.yaml`)), file).toBe(true);
    }
    expect(existsSync(join(root, 'deploy/k8s/notes.yaml'))).toBe(false);
    expect(docs('deploy/k8s/kustomization.yaml')[0].resources).toEqual([
      'namespace.yaml',
      'vigil-env.yaml',
      'mailer.yaml',
      'orders.yaml',
    ]);
  });

  it("sets each variable of a service's YAML from the right place", () => {
    const deployment = docs('deploy/k8s/orders.yaml').find((d) => d.kind === 'Deployment');
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env.map((e: { name: string }) => e.name)).toEqual([
      'NODE_OPTIONS',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_SERVICE_NAME',
      'MAILER_URL',
      'ORDERS_DATABASE_URL',
      'TELEMETRY_BATCHER',
      'VIGIL_HOST',
      'VIGIL_QUEUE_DATABASE_URL',
    ]);
    // Read by the YAML too: one entry, and the platform ConfigMap must carry the key.
    expect(env[1]).toEqual({
      name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      valueFrom: { configMapKeyRef: { name: 'vigil-env', key: 'OTEL_EXPORTER_OTLP_ENDPOINT' } },
    });
    expect(env).toContainEqual({
      name: 'TELEMETRY_BATCHER',
      valueFrom: { configMapKeyRef: { name: 'vigil-env', key: 'TELEMETRY_BATCHER' } },
    });
    expect(docs('deploy/k8s/vigil-env.yaml')[0].data).toHaveProperty('TELEMETRY_BATCHER');
    expect(env).toContainEqual({ name: 'MAILER_URL', value: 'http://mailer:8200' });
    expect(env).toContainEqual({
      name: 'ORDERS_DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'orders-secrets', key: 'ORDERS_DATABASE_URL' } },
    });
    const mailer = docs('deploy/k8s/mailer.yaml').find((d) => d.kind === 'Deployment');
    expect(mailer.metadata.labels['app.kubernetes.io/component']).toBe('worker');
    expect(mailer.spec.template.spec.containers[0].env).toContainEqual({
      name: 'ORDERS_GRPC_TARGET',
      value: 'orders-headless:9100',
    });
  });

  it('migrates and documents the secrets of services with a database', () => {
    const job = docs('deploy/k8s/migrate-job.yaml')[0];
    expect(job.spec.template.spec.containers[0]).toMatchObject({
      args: ['migrate'],
      env: [{ name: 'ORDERS_DATABASE_URL' }],
    });
    expect(docs('deploy/k8s/secrets.example.yaml')).toEqual([
      expect.objectContaining({
        metadata: { name: 'orders-secrets', namespace: 'vigil' },
        // A shared database URL names the database of its default, not the service's own.
        stringData: {
          ORDERS_DATABASE_URL: 'postgres://vigil:CHANGE_ME@postgres:5432/orders',
          VIGIL_QUEUE_DATABASE_URL: 'postgres://vigil:CHANGE_ME@postgres:5432/queue',
        },
      }),
    ]);
  });

  it('--check passes when up to date and fails naming the stale files, removing none', async () => {
    expect(await vigilctl(['kube', 'sync', '--root', root, '--check'])).toMatchObject({ code: 0 });
    // A config change that moves no variable: only the service's own manifest goes stale.
    const config = readFileSync(join(root, 'services/orders/etc/orders.yaml'), 'utf8');
    write('services/orders/etc/orders.yaml', config.replace(':-info}', ':-debug}'));
    write('deploy/k8s/gone.yaml', '# Code generated by vigilctl. DO NOT EDIT.\nkind: x\n');
    write('deploy/k8s/vigil-env.yaml', '# edited by the operator\n');
    const r = await vigilctl(['kube', 'sync', '--root', root, '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'deploy/k8s/orders.yaml: not up to date\ndeploy/k8s/gone.yaml: no longer generated\n' +
        'run: npx vigilctl kube sync\n',
    );
    expect(existsSync(join(root, 'deploy/k8s/gone.yaml'))).toBe(true);
    await vigilctl(['kube', 'sync', '--root', root]);
    expect(existsSync(join(root, 'deploy/k8s/gone.yaml'))).toBe(false);
    // Scaffolds belong to the operator once written.
    expect(readFileSync(join(root, 'deploy/k8s/vigil-env.yaml'), 'utf8')).toBe(
      '# edited by the operator\n',
    );
  });
});

describe('vigilctl kube deploy', () => {
  it("reads ports and config from the service folder and goctl's flags", async () => {
    const out = join(root, 'out/orders.yaml');
    const r = await vigilctl([
      'kube', 'deploy', '--name', 'orders', '--namespace', 'shop', '--image', 'orders:2',
      '--dir', join(root, 'services/orders'), '-o', out, '--limitCpu', '2000', '--no-hpa',
      '--replicas', '2',
    ]); // prettier-ignore
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('ConfigMap, Deployment, Service, Service, PodDisruptionBudget');
    const deployment = parseAllDocuments(readFileSync(out, 'utf8'))
      .map((d) => d.toJS())
      .find((d) => d.kind === 'Deployment');
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.spec.replicas).toBe(2);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe('orders:2');
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 8100 },
      { name: 'grpc', containerPort: 9100 },
    ]);
    expect(container.resources.limits.cpu).toBe('2000m');
  });

  it('needs --port outside a Vigil service, and rejects a bad number', async () => {
    const args = ['kube', 'deploy', '--name', 'x', '--namespace', 'n', '--image', 'i'];
    const missing = await vigilctl([
      ...args,
      '--dir',
      join(root, 'nowhere'),
      '-o',
      join(root, 'x.yaml'),
    ]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain('--port is required');
    const bad = await vigilctl([...args, '--port', 'eighty', '-o', join(root, 'x.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected a whole number');
  });
});

describe('vigilctl docker', () => {
  it("writes a service's Dockerfile and dockerignore from its main file (goctl --go)", async () => {
    const out = join(root, 'services/orders/Dockerfile');
    const r = await vigilctl([
      'docker',
      '--main',
      join(root, 'services/orders/src/main.ts'),
      '-o',
      out,
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('CMD ["orders"]');
    expect(text).toContain('EXPOSE 8100 9100');
    expect(text).toContain(
      '# Regenerate: npx vigilctl docker --service orders -o services/orders/Dockerfile',
    );
    expect(existsSync(`${out}.dockerignore`)).toBe(true);
    const main = join(root, 'services/orders/src/main.ts');
    const check = await vigilctl(['docker', '--main', main, '-o', out, '--check']);
    expect(check.code).toBe(0);
  });

  it('names a main file outside any service', async () => {
    write('tools/x.ts', '');
    const r = await vigilctl(['docker', '--main', join(root, 'tools/x.ts'), '-o', join(root, 'D')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not inside a Vigil service');
  });
});

// deploy/compose.yaml against the services: every service runs from the image with replicas, is
// health-checked on a core route, gets every variable its YAML needs in a container (and only
// those), keeps credentials out of the file, has its database created and migrated, and is
// scraped by Prometheus. `docker compose config` validates the file where the plugin exists.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPOSE_ADDRESSES,
  discoverDeployServices,
  findEnvRefs,
  migratedServices,
  planServiceEnv,
  serviceEnvPrefix,
} from '@vigil/ctl';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { coreRoutes, ROOT, runtimeImageEnv } from './source-facts.js';

interface ComposeService {
  image?: string;
  command?: string[];
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[]; disable?: boolean };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
}

const COMPOSE_FILE = join(ROOT, 'deploy/compose.yaml');
const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = discoverDeployServices(ROOT);
const imageEnv = runtimeImageEnv(readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8'));
const postgres = compose.services.postgres!;
const databases = (postgres.environment?.VIGIL_DATABASES ?? '').split(/\s+/);
const DUMMY_ENV = {
  POSTGRES_PASSWORD: 'p',
  REDIS_PASSWORD: 'r',
  RABBITMQ_PASSWORD: 'q',
  GRAFANA_ADMIN_PASSWORD: 'g',
};

/** `${VAR:?msg}` / `${VAR:-x}` interpolations replaced by a value, as compose would. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::[?-][^}]*)?\}/g, 'x');
}

describe('deploy/compose.yaml', () => {
  it('runs the infrastructure the platform needs', () => {
    for (const name of [
      'postgres',
      'redis',
      'rabbitmq',
      'otel-collector',
      'jaeger',
      'prometheus',
      'grafana',
      'migrate',
    ]) {
      expect(compose.services, name).toHaveProperty(name);
    }
    expect(imageEnv).toMatchObject({ VIGIL_HOST: '0.0.0.0', VIGIL_MODE: 'production' });
  });

  it('migrates every service database before the services start', () => {
    const migrate = compose.services.migrate!;
    expect(migrate.command).toEqual(['migrate']);
    expect(Object.keys(migrate.environment ?? {}).sort()).toEqual(
      migratedServices(services)
        .map((s) => `${serviceEnvPrefix(s.name)}_DATABASE_URL`)
        .sort(),
    );
  });

  it('keeps every depends_on pointing at a service of the file', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const dep of deps) expect(compose.services, `${name} → ${dep}`).toHaveProperty(dep);
    }
  });

  describe.each(services.map((s) => [s.name, s] as const))('%s', (name, s) => {
    const c = compose.services[name];

    it('runs from the image with replicas and a health check on a core route', () => {
      expect(c, `deploy/compose.yaml has no "${name}" service`).toBeDefined();
      expect(c!.image).toBe('${VIGIL_IMAGE:-vigil:latest}');
      expect(c!.command).toEqual([name]);
      expect(c!.deploy?.replicas ?? 1).toBeGreaterThanOrEqual(2);
      const test = c!.healthcheck?.test ?? [];
      expect(test.slice(0, 2)).toEqual(['CMD', 'vigil-healthcheck']);
      expect(coreRoutes()).toContain(test[2]);
    });

    it('sets every variable its YAML needs in a container, and only those', () => {
      const refs = findEnvRefs(s.configText ?? '');
      const read = new Set(refs.map((r) => r.name));
      const env = c?.environment ?? {};
      for (const key of Object.keys(env)) {
        if (key.startsWith('OTEL_')) continue; // read by the OpenTelemetry SDK, not the YAML
        expect(read, `${key} is set but etc/${name}.yaml does not read it`).toContain(key);
      }
      for (const { name: key, ref, source } of planServiceEnv(
        s,
        services,
        COMPOSE_ADDRESSES,
        refs,
      )) {
        const value = env[key] ?? imageEnv[key];
        switch (source.kind) {
          case 'value':
            // Set, unless the YAML default already is the container's value (ports).
            if (ref.default !== source.value) expect(value, key).toBe(source.value);
            break;
          case 'secret':
            expect(value, `${key} must be set`).toBeDefined();
            expect(value, `${key}: no literal credentials in compose.yaml`).toMatch(
              /\$\{[A-Z_]+:\?/,
            );
            break;
          case 'platform':
            expect(
              value,
              `${key} must be set (its default is no use in a container)`,
            ).toBeDefined();
            break;
          case 'default':
            break;
        }
        if (key.endsWith('_DATABASE_URL') && value !== undefined) {
          const url = new URL(interpolate(value));
          expect(url.hostname).toBe('postgres');
          expect(databases, `database ${url.pathname.slice(1)} in VIGIL_DATABASES`).toContain(
            url.pathname.slice(1),
          );
        }
      }
    });

    it('is scraped by Prometheus on its HTTP port', () => {
      const prometheus = parse(
        readFileSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8'),
      ) as {
        scrape_configs: {
          job_name: string;
          metrics_path?: string;
          dns_sd_configs?: { names: string[]; port: number }[];
        }[];
      };
      const job = prometheus.scrape_configs.find((j) => j.job_name === 'vigil');
      expect(coreRoutes()).toContain(job?.metrics_path ?? '/metrics');
      const target = job?.dns_sd_configs?.find((d) => d.names.includes(name));
      expect(target?.port, `prometheus.yml scrapes ${name}`).toBe(s.httpPort);
    });
  });

  it('publishes the gateway port', () => {
    const gateway = services.find((s) => s.name === 'gateway');
    if (!gateway) return;
    expect(compose.services.gateway!.ports!.some((p) => p.endsWith(`:${gateway.httpPort}`))).toBe(
      true,
    );
  });

  it('passes `docker compose config`', () => {
    const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (version.status !== 0) {
      process.stderr.write(
        'SKIP docker compose config: the compose plugin is not installed (`docker compose version` failed)\n',
      );
      return;
    }
    const r = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, 'config', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, ...DUMMY_ENV },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

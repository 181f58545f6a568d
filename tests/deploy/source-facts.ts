// Facts the deploy files must agree with, read from the source so a rename breaks the test:
// the metrics the runtime and services declare (name, type, labels), the routes core registers
// on every HTTP port, and the repository root.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/deploy/../..). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A metric as the source declares it (`new Histogram({ name, labelNames })`). */
export interface DeclaredMetric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  labels: string[];
  file: string;
}

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !/[/\\](testdata|fixtures|test-support|testing)[/\\]/.test(f));
}

const CONSTRUCTOR = /new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\s*\{([\s\S]*?)\}\s*\)/g;

/** Every metric declared in packages/{name}/src and services/{name}/src (tests excluded). */
export function declaredMetrics(): Map<string, DeclaredMetric> {
  const metrics = new Map<string, DeclaredMetric>();
  const dirs = ['packages', 'services'].flatMap((top) =>
    readdirSync(join(ROOT, top)).map((name) => join(ROOT, top, name, 'src')),
  );
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CONSTRUCTOR)) {
      const body = m[2]!;
      const nameMatch = /\bname:\s*(?:'([^']+)'|"([^"]+)"|([A-Za-z_]\w*))/.exec(body);
      if (!nameMatch) continue;
      // `name: HISTOGRAM_NAME` refers to a `const HISTOGRAM_NAME = 'vigil_…'` of the same file.
      const name =
        nameMatch[1] ??
        nameMatch[2] ??
        new RegExp(`const ${nameMatch[3]}\\s*=\\s*'([^']+)'`).exec(text)?.[1];
      if (!name?.startsWith('vigil_')) continue;
      const labels = /labelNames:\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
      metrics.set(name, {
        name,
        type: m[1]!.toLowerCase() as DeclaredMetric['type'],
        labels: [...labels.matchAll(/'([^']+)'/g)].map((l) => l[1]!),
        file,
      });
    }
  }
  return metrics;
}

/**
 * Paths core registers on every HTTP port: `app.get('/…')` in packages/core/src/rest (health)
 * and the default of `Prometheus.Path` in the config schema (metrics).
 */
export function coreRoutes(): Set<string> {
  const routes = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'packages/core/src/rest'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/app\.get\('(\/[a-z]+)'/g)) {
      routes.add(m[1]!);
    }
  }
  const schema = readFileSync(join(ROOT, 'packages/core/src/config/schemas.ts'), 'utf8');
  const metrics = /Path: Type\.String\(\{[^}]*default: '(\/[a-z]+)'/.exec(schema)?.[1];
  if (metrics) routes.add(metrics);
  return routes;
}

/** `KEY=VALUE` pairs of the runtime stage's ENV instruction in a generated Dockerfile. */
export function runtimeImageEnv(dockerfile: string): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
  const env = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)?.[1] ?? '';
  return Object.fromEntries(
    env
      .split(/\s*\\\n\s*|\s+/)
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

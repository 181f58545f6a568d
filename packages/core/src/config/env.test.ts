import { describe, expect, it } from 'vitest';
import { expandEnv } from './env.js';

describe('expandEnv', () => {
  const env = { HOST: 'db', EMPTY: '', PASS: 'p$ss' };

  it('replaces set variables anywhere in the string', () => {
    expect(expandEnv('postgres://${HOST}:5432/${HOST}', env)).toEqual({
      ok: true,
      value: 'postgres://db:5432/db',
    });
  });

  it('uses the default when the variable is unset or empty (POSIX :-)', () => {
    expect(expandEnv('${NOPE:-x}|${EMPTY:-y}|${HOST:-z}', env)).toEqual({
      ok: true,
      value: 'x|y|db',
    });
    expect(expandEnv('${NOPE:-}', env)).toEqual({ ok: true, value: '' });
  });

  it('keeps a set-but-empty variable without a default as empty', () => {
    expect(expandEnv('a${EMPTY}b', env)).toEqual({ ok: true, value: 'ab' });
  });

  it('does not re-expand values and leaves a lone $ alone', () => {
    expect(expandEnv('${PASS} costs $5', env)).toEqual({ ok: true, value: 'p$ss costs $5' });
  });

  it('$${ is a literal ${', () => {
    expect(expandEnv('$${HOST} ${HOST}', env)).toEqual({ ok: true, value: '${HOST} db' });
  });

  it('rejects an unset variable without a default', () => {
    expect(expandEnv('${ACCESS_SECRET}', env)).toEqual({
      ok: false,
      reason: 'environment variable ACCESS_SECRET is not set (and no default given)',
    });
  });

  it('rejects malformed references instead of guessing', () => {
    expect(expandEnv('${HOST', env)).toEqual({
      ok: false,
      reason: 'unterminated variable reference "${HOST" (write $${ for a literal ${)',
    });
    expect(expandEnv('${1X}', env)).toMatchObject({
      ok: false,
      reason: /invalid variable reference/,
    });
    expect(expandEnv('${A:-${B}}', env)).toMatchObject({ ok: false, reason: /nested/ });
  });
});

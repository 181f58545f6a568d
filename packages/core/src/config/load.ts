import { readFileSync } from 'node:fs';
import type { Static, TSchema } from '@sinclair/typebox';
import { ConfigError, formatConfigError } from './config-error.js';
import type { ConfigEnv } from './env.js';
import { validate } from './validate.js';
import { readYaml } from './yaml-source.js';

/** Options for {@link loadConfig} and {@link parseConfig}. */
export interface LoadConfigOptions {
  /** Variables for `${VAR}`; `process.env` if omitted (tests pass their own). */
  readonly env?: ConfigEnv;
  /**
   * Values laid over the file before defaults and validation (so they are validated too): maps
   * merge key by key, anything else (lists included) replaces. `undefined` leaves the file's value.
   */
  readonly overrides?: object;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function overlay(base: unknown, top: unknown): unknown {
  if (top === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(top)) return top;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) out[k] = overlay(base[k], v);
  return out;
}

/**
 * Parses config text (YAML) against a schema; `fileName` is only used in messages. Throws a
 * {@link ConfigError} listing every problem, its message naming the first.
 */
export function parseConfig<T extends TSchema>(
  schema: T,
  text: string,
  fileName: string,
  opts: LoadConfigOptions = {},
): Static<T> {
  const source = readYaml(text, fileName, opts.env ?? process.env);
  const input = opts.overrides ? overlay(source.value, opts.overrides) : source.value;
  const { value, issues } = validate(schema, input, { file: fileName, source });
  const all = [...source.envIssues, ...issues];
  if (all.length > 0) throw new ConfigError(all);
  return value;
}

/**
 * Loads `file` (e.g. `etc/patient.yaml`, relative to the working directory) the way go-zero's
 * `conf.MustLoad` does: read, expand `${VAR}`, fill defaults, validate. Synchronous, because
 * nothing can start without it. Throws a {@link ConfigError} whose message is one line.
 */
export function loadConfig<T extends TSchema>(
  schema: T,
  file: string,
  opts: LoadConfigOptions = {},
): Static<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`;
    throw new ConfigError([{ file, path: '', kind: 'read', message: why }], { cause: err });
  }
  return parseConfig(schema, text, file, opts);
}

/**
 * {@link loadConfig} for a service's `main.ts`: on failure prints the one-line reason to stderr,
 * with no stack trace, and exits with status 1.
 */
export function loadConfigOrExit<T extends TSchema>(
  schema: T,
  file: string,
  opts?: LoadConfigOptions,
): Static<T> {
  try {
    return loadConfig(schema, file, opts);
  } catch (err) {
    process.stderr.write(formatConfigError(err) + '\n');
    process.exit(1);
  }
}

/**
 * The config file named on the command line: `-f FILE`, `-f=FILE`, `--config FILE` or
 * `--config=FILE` (go-zero's generated main reads `-f etc/x.yaml`); `defaultFile` if none.
 * Scanning stops at `--`. Pass `process.argv.slice(2)`.
 */
export function configFileFromArgs(argv: readonly string[], defaultFile: string): string {
  let file = defaultFile;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (flag !== '-f' && flag !== '--config') continue;
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('-'))) {
      throw new ConfigError([
        {
          file: 'command line',
          path: flag,
          kind: 'args',
          message: 'expected a file name after it',
        },
      ]);
    }
    file = value;
  }
  return file;
}

import { AppError } from '../errors/index.js';

/** What went wrong with a config file, so tools can group or filter problems. */
export type ConfigIssueKind =
  | 'read' // the file could not be read
  | 'args' // the command line (-f / --config) is malformed
  | 'syntax' // not valid YAML
  | 'env' // a ${VAR} reference could not be resolved
  | 'unknown' // a key the schema does not declare
  | 'invalid' // wrong type, out of range, not one of the allowed values
  | 'missing'; // a required key without a default is absent

/** One problem in one config file. */
export interface ConfigIssue {
  /** The file as named by the caller, e.g. `etc/patient.yaml`. */
  readonly file: string;
  /** Key path in the file, e.g. `Auth.PublicKeys[1]`; `''` for the file as a whole. */
  readonly path: string;
  readonly kind: ConfigIssueKind;
  /** What is wrong, without the file or path, e.g. `expected integer 1..65535, got "abc"`. */
  readonly message: string;
  /** 1-based position in the file when known (syntax errors, present keys). */
  readonly line?: number;
  readonly col?: number;
}

/**
 * Thrown when a config cannot be loaded. `.message` is one line about the first problem
 * (`etc/x.yaml: Port: expected integer 1..65535, got "abc"`); `.errors` keeps every problem.
 */
export class ConfigError extends AppError {
  readonly errors: readonly ConfigIssue[];

  constructor(errors: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const first = errors[0];
    super('CONFIG_INVALID', first ? formatConfigError(first) : 'config is invalid', {
      cause: options?.cause,
      details: errors.map((e) => ({ field: e.path, reason: e.message })),
    });
    this.errors = errors;
  }
}

/** True for a {@link ConfigIssue}-shaped value (as opposed to an Error). */
function isConfigIssue(value: unknown): value is ConfigIssue {
  if (typeof value !== 'object' || value === null || value instanceof Error) return false;
  const v = value as Record<string, unknown>;
  return typeof v.file === 'string' && typeof v.path === 'string' && typeof v.message === 'string';
}

/** Collapses whitespace so a message can never span lines (values may carry newlines). */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * One line for a config problem. Given a {@link ConfigIssue}: `file: path: message`, or
 * `file:line:col: message` for YAML syntax errors (the compiler convention editors can jump to).
 * Given a {@link ConfigError}: its message. Given any other error: its first line, no stack.
 */
export function formatConfigError(issueOrError: unknown): string {
  if (isConfigIssue(issueOrError)) {
    const i = issueOrError;
    if (i.kind === 'syntax' && i.line !== undefined) {
      return oneLine(`${i.file}:${i.line}:${i.col ?? 1}: ${i.message}`);
    }
    return oneLine(i.path ? `${i.file}: ${i.path}: ${i.message}` : `${i.file}: ${i.message}`);
  }
  if (issueOrError instanceof Error) return oneLine(issueOrError.message) || issueOrError.name;
  return oneLine(String(issueOrError));
}

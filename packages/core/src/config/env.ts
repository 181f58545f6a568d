/** Environment variables as `process.env` holds them. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** Outcome of expanding the `${VAR}` references in one string. */
export type ExpandResult = { ok: true; value: string } | { ok: false; reason: string };

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `text` holds anything {@link expandEnv} would rewrite. */
export function hasEnvReference(text: string): boolean {
  return text.includes('${');
}

/**
 * Expands `${VAR}` and `${VAR:-default}` in one string; `$${` is a literal `${`. A `$` not followed
 * by `{` stays as it is, so passwords with `$` need no escaping.
 *
 * `:-` follows POSIX sh: the default applies when the variable is unset OR empty. An unset
 * variable without a default is an error rather than an empty string (go-zero's `os.ExpandEnv`
 * silently yields "", which hides a missing secret until the first request fails).
 */
export function expandEnv(text: string, env: ConfigEnv): ExpandResult {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    if (text.startsWith('$${', dollar)) {
      out += '${';
      i = dollar + 3;
      continue;
    }
    if (!text.startsWith('${', dollar)) {
      out += '$';
      i = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close < 0) {
      return {
        ok: false,
        reason: `unterminated variable reference "${text.slice(dollar)}" (write $\${ for a literal \${)`,
      };
    }
    const body = text.slice(dollar + 2, close);
    const sep = body.indexOf(':-');
    const name = sep < 0 ? body : body.slice(0, sep);
    const fallback = sep < 0 ? undefined : body.slice(sep + 2);
    if (!VAR_NAME.test(name)) {
      return {
        ok: false,
        reason: `invalid variable reference "\${${body}}" (expected \${NAME} or \${NAME:-default})`,
      };
    }
    if (fallback !== undefined && fallback.includes('${')) {
      return { ok: false, reason: `nested variable reference in the default of \${${name}}` };
    }
    const value = env[name];
    if (value !== undefined && !(fallback !== undefined && value === '')) {
      out += value;
    } else if (fallback !== undefined) {
      out += fallback;
    } else {
      return {
        ok: false,
        reason: `environment variable ${name} is not set (and no default given)`,
      };
    }
    i = close + 1;
  }
  return { ok: true, value: out };
}

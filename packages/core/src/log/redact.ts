/**
 * Keys whose values never reach a log line: credentials and personal data (MISSION: "secrets and
 * personal data never in logs"). Matched case-insensitively, ignoring `-` and `_`, at any depth.
 */
const SENSITIVE_KEYS = new Set(
  [
    'password',
    'passwd',
    'newPassword',
    'secret',
    'accessSecret',
    'clientSecret',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'apiKey',
    'authorization',
    'proxyAuthorization',
    'cookie',
    'setCookie',
    'xContentSecurity',
    'mobile',
    'phone',
    'name',
    'fullName',
    'firstName',
    'lastName',
    'idCard',
    'idNumber',
    'email',
    'address',
    'birthDate',
    'dateOfBirth',
  ].map(normalize),
);

/** What replaces a sensitive value. */
export const REDACTED = '[REDACTED]';

function normalize(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/** True when a field of this name is never logged. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normalize(key));
}

const MAX_DEPTH = 8;

/**
 * Returns `value` with every sensitive field replaced by {@link REDACTED}. Objects without
 * sensitive fields are returned as they are (no copy), so the common case costs one key scan.
 */
export function redact<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const r = redact(item, depth + 1);
      if (r !== item) (copy ??= [...value])[i] = r;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const item = obj[key];
    const r = isSensitiveKey(key) && item !== undefined ? REDACTED : redact(item, depth + 1);
    if (r !== item) (copy ??= { ...obj })[key] = r;
  }
  return (copy ?? value) as T;
}

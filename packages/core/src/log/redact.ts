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

// Field names repeat endlessly (every access log line has the same keys): remember each verdict.
const verdicts = new Map<string, boolean>();

/** True when a field of this name is never logged. */
export function isSensitiveKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = SENSITIVE_KEYS.has(normalize(key));
    if (verdicts.size < 10_000) verdicts.set(key, verdict);
  }
  return verdict;
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

// Free text (messages, exception text) can carry what structured redaction cannot see: JSON
// fragments with sensitive keys, bearer tokens/JWTs, mainland-China mobile numbers, resident ID
// numbers and e-mail addresses. These patterns mask them; they are deliberately broad.
const SENSITIVE_JSON = new RegExp(
  `("(?:${[...SENSITIVE_KEYS].map((k) => k.split('').join('[-_]?')).join('|')})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\s]+)`,
  'gi',
);
const MAYBE_SENSITIVE = /[0-9@"]|bearer|basic|eyJ/i;
const TEXT_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  [/(?<!\d)\d{17}[\dXx](?!\d)/g, REDACTED],
  [/(?<!\d)1[3-9]\d{9}(?!\d)/g, REDACTED],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, REDACTED],
];

/** Masks credentials and personal data inside free text (log messages, exception messages). */
export function scrubText(text: string): string {
  // Fast path: nothing any pattern could match (no digit, quote, '@' or token marker).
  if (!MAYBE_SENSITIVE.test(text)) return text;
  let out = text.replace(SENSITIVE_JSON, (_m, key: string) => `${key}"${REDACTED}"`);
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

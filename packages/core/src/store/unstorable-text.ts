import { AppError } from '../errors/index.js';

/**
 * A NUL character or a lone UTF-16 surrogate (`"\ud800"` is valid JSON): text no database stores
 * as given. PostgreSQL refuses NUL in `text` (a 500 for the client) and silently replaces a lone
 * surrogate with U+FFFD, so what was hashed into the audit chain is not what was stored.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `path.key`, or `path[i]` for array items. */
const child = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;

/**
 * The first field of a request part (`body.name`, `params.patientId`, `body.patients[3].name`,
 * `request.id` of an RPC) holding text that cannot be stored faithfully, or undefined. Object
 * keys count too.
 */
export function findUnstorableText(value: unknown, path: string): string | undefined {
  const keys = locate(value);
  return keys && keys.reduceRight<string>(child, path);
}

/**
 * The keys leading to the first unstorable text, innermost first, or undefined. Paths are only
 * spelled out once something is found: this runs on every field of every request.
 */
function locate(value: unknown): (string | number)[] | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [] : undefined;
  // Bytes (protobuf `bytes`, Buffers) are not text.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locate(value[i]);
      if (found) {
        found.push(i);
        return found;
      }
    }
    return undefined;
  }
  for (const key in value) {
    if (UNSTORABLE.test(key)) return [key];
    const found = locate((value as Record<string, unknown>)[key]);
    if (found) {
      found.push(key);
      return found;
    }
  }
  return undefined;
}

/** The `VALIDATION_FAILED` answer for a field {@link findUnstorableText} named (HTTP and gRPC). */
export function unstorableTextError(field: string): AppError {
  return new AppError('VALIDATION_FAILED', undefined, {
    details: [{ field, reason: 'must be well-formed Unicode text without NUL characters' }],
  });
}

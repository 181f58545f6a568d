/** True for a unique-key violation on either dialect (PostgreSQL 23505, MySQL ER_DUP_ENTRY). */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; errno?: unknown };
  return e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.errno === 1062;
}

// The one-line description of a route, from `@doc`.
import type { Route } from '../../api/spec.js';

/** `@doc "x"` → x; `@doc(summary: "x")` → x (summary, then description, then the first value). */
export function routeSummary(route: Route): string {
  const doc = route.doc;
  if (doc === null) return '';
  if (typeof doc === 'string') return doc;
  return doc.summary ?? doc.description ?? Object.values(doc)[0] ?? '';
}

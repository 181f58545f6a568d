// The environment variables a service config reads: every `${NAME}` / `${NAME:-default}` in a
// string value of its YAML, with the syntax of @vigil/core's expandEnv (`$${` is a literal).
// Comments are not values, so a commented-out `# Key: ${X}` is not a reference.
import { isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';

/** One `${NAME[:-default]}` in a config file. */
export interface EnvRef {
  name: string;
  /** The text after `:-`; undefined for a required `${NAME}`. */
  default?: string | undefined;
  /** Dotted key path of the value holding it (`Database.DataSource`, `Upstreams.0.Url`). */
  key: string;
}

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** The references in one string value, in order. */
export function envRefsInText(text: string, key = ''): EnvRef[] {
  const refs: EnvRef[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    if (m[1]) continue; // `$${NAME}` is the literal text `${NAME}`
    refs.push({ name: m[2]!, default: m[3], key });
  }
  return refs;
}

/**
 * Every reference in the YAML text, in document order (one entry per occurrence). Throws on YAML
 * that does not parse, naming the first error.
 */
export function findEnvRefs(yamlText: string): EnvRef[] {
  const doc = parseDocument(yamlText);
  const error = doc.errors[0];
  if (error) throw new Error(`config does not parse as YAML: ${error.message}`);
  const refs: EnvRef[] = [];
  visit(doc, {
    Scalar(_key, node, path) {
      if (!isScalar(node) || typeof node.value !== 'string') return;
      const keys: string[] = [];
      for (const [i, parent] of path.entries()) {
        const child = path[i + 1] ?? node;
        if (isSeq(parent)) keys.push(String(parent.items.indexOf(child)));
        else if (isPair(parent) && parent.value === child && isScalar(parent.key)) {
          keys.push(String(parent.key.value));
        }
      }
      refs.push(...envRefsInText(node.value, keys.join('.')));
    },
  });
  return refs;
}

/** One entry per variable name (the first occurrence), sorted by name. */
export function uniqueEnvRefs(refs: readonly EnvRef[]): EnvRef[] {
  const byName = new Map<string, EnvRef>();
  for (const ref of refs) if (!byName.has(ref.name)) byName.set(ref.name, ref);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

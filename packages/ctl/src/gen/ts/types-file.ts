// src/types.gen.ts: one TypeBox schema and one static type per named `.api` type (goctl's
// internal/types/types.go, plus the validation go-zero does at run time from the tags).
import { basename } from 'node:path';
import type { ApiSpec } from '../../api/spec.js';
import { tsDoc } from '../naming.js';
import type { ContractSchemas } from '../schema/build-schema.js';
import { typeboxObject } from '../schema/emit-typebox.js';
import { GENERATED_HEADER } from '../write-files.js';

/** First name in `candidates` that no contract type uses. */
export function freeName(candidates: readonly string[], taken: ReadonlySet<string>): string {
  for (const c of candidates) if (!taken.has(c)) return c;
  let i = 2;
  while (taken.has(`${candidates[0]}${i}`)) i++;
  return `${candidates[0]}${i}`;
}

/** The content of `src/types.gen.ts`. */
export function typesFile(spec: ApiSpec, schemas: ContractSchemas): string {
  const taken = new Set(schemas.types.map((t) => t.name));
  const T = freeName(['Type', 'Tb'], taken);
  const S = freeName(['Static', 'StaticOf'], taken);
  const F = freeName(['Filled', 'WithDefaults'], taken);
  const typeImport = T === 'Type' ? 'Type' : `Type as ${T}`;
  const staticImport = S === 'Static' ? 'type Static' : `type Static as ${S}`;
  const out: string[] = [
    GENERATED_HEADER,
    `// Source: ${basename(spec.files[0] ?? 'api')}. TypeBox schemas (validation, serialisation) and their`,
    '// static types. Fields with `default=` are optional on the wire and always set once validated.',
    `import { ${typeImport}, ${staticImport} } from '@sinclair/typebox';`,
    '',
  ];
  const usesDefaults = schemas.types.some((t) =>
    t.node.props.some((p) => p.schema.default !== undefined),
  );
  if (usesDefaults) {
    out.push(
      '/** `T` with the keys `K` required: defaults are filled in by validation. */',
      `type ${F}<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };`,
      '',
    );
  }
  for (const t of schemas.types) {
    out.push(
      `${tsDoc(t.description)}export const ${t.name} = ${typeboxObject(t.node.props, T, '')};`,
    );
    const defaulted = t.node.props.filter((p) => p.schema.default !== undefined && p.optional);
    const base = `${S}<typeof ${t.name}>`;
    out.push(
      defaulted.length
        ? `export type ${t.name} = ${F}<${base}, ${defaulted.map((p) => `'${p.key.replace(/'/g, "\\'")}'`).join(' | ')}>;`
        : `export type ${t.name} = ${base};`,
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// Identifier and file naming shared by the generators. File names are kebab-case (Vigil lint
// rule), classes PascalCase, functions camelCase; goctl derives the same pieces from the handler
// name (api/gogen/genhandlers.go, genlogic.go) with Go's conventions.

/** Words of an identifier: `GetPatientInfo` → get, patient, info; `get_patient-info` likewise. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** `GetPatientInfo` → `get-patient-info`. */
export function kebabCase(name: string): string {
  return words(name).join('-');
}

/** `get-patient-info` → `GetPatientInfo`; keeps an already PascalCase name's inner capitals. */
export function pascalCase(name: string): string {
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(name)) return name.charAt(0).toUpperCase() + name.slice(1);
  return words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** `GetPatientInfo` → `getPatientInfo`. */
export function camelCase(name: string): string {
  const p = pascalCase(name);
  const lead = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(p)?.[0];
  // `HTTPServer` → `httpServer`, `ID` → `id`.
  if (lead && lead.length > 1) {
    return p.slice(0, lead.length).toLowerCase() + p.slice(lead.length);
  }
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** `NAME` of an environment variable: `patient-api` → `PATIENT_API`. */
export function envName(name: string): string {
  return words(name).join('_').toUpperCase();
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with yield let static implements interface package private ' +
    'protected public await any boolean number string symbol never unknown object undefined'
  ).split(' '),
);

/** True when `name` can be a TypeScript declaration name. */
export function isSafeIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !RESERVED.has(name);
}

/** An object key as TypeScript source: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : jsString(key);
}

/** `obj.key` or `obj['key']`. */
export function propertyAccess(object: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${object}.${key}`
    : `${object}[${jsString(key)}]`;
}

/** A single-quoted JavaScript string literal. */
export function jsString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** Comment text without `//`, `/*`, `*\/` markers, trimmed; empty lines dropped. */
export function commentText(lines: readonly string[]): string {
  return lines
    .flatMap((l) =>
      l
        .replace(/^\/\/\s?/, '')
        .replace(/^\/\*+\s?/, '')
        .replace(/\s*\*+\/$/, '')
        .split('\n'),
    )
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .filter((l) => l !== '')
    .join(' ');
}

/** A `/** … *\/` block for `text` (one line), or nothing. `*\/` inside is defused. */
export function tsDoc(text: string, indent = ''): string {
  return text ? `${indent}/** ${text.replace(/\*\//g, '*\\/')} */\n` : '';
}

/** A key path inside a config document: map keys and list indexes, outermost first. */
export type KeyPath = readonly (string | number)[];

/** JSON pointer (RFC 6901) of a path, the form TypeBox reports errors in: `/Auth/PublicKeys/1`. */
export function pointerOf(path: KeyPath): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Splits a JSON pointer; a segment is a list index when the value it indexes is an array. */
export function pathFromPointer(pointer: string, root: unknown): KeyPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      const index = Number(key);
      path.push(index);
      current = current[index];
    } else {
      path.push(key);
      current =
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[key]
          : undefined;
    }
  }
  return path;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** The path as people write it: `Auth.PublicKeys[1]`, `Headers["X-Forwarded.For"]`. */
export function displayPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

// Loads a root `.api` file and everything it imports (goctl parser/api.go parseImportedAPI):
// paths are relative to the importing file, a file reached twice is read once, and an import that
// leads back to a file still being imported is a cycle ("import cycle not allowed").
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ApiFile } from './ast.js';
import { semanticError, type ApiDiagnostic } from './diagnostics.js';
import { parseApiSource } from './parser.js';

/** Reads a file's text; injectable so tests and editors can load from memory. */
export type ReadText = (path: string) => Promise<string>;

/** The parsed files of a contract, root first, then imports depth-first in import order. */
export interface LoadedFiles {
  files: ApiFile[];
  diagnostics: ApiDiagnostic[];
}

const readUtf8: ReadText = (path) => readFile(path, 'utf8');

/** Parse `root` and, recursively, the files it imports. */
export async function loadApiFiles(root: string, read: ReadText = readUtf8): Promise<LoadedFiles> {
  const files: ApiFile[] = [];
  const diagnostics: ApiDiagnostic[] = [];
  const seen = new Set<string>();
  const stack: string[] = [];

  const readParse = async (path: string): Promise<ApiFile | string | undefined> => {
    let text: string;
    try {
      text = await read(path);
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? String(err);
    }
    const parsed = parseApiSource(text, path);
    diagnostics.push(...parsed.diagnostics);
    return parsed.ast;
  };

  const visit = async (ast: ApiFile): Promise<void> => {
    files.push(ast);
    stack.push(resolve(ast.file));
    const inFile = new Set<string>();
    for (const stmt of ast.stmts) {
      if (stmt.kind !== 'import') continue;
      for (const imp of stmt.paths) {
        const at = { file: ast.file, line: imp.pos.line, col: imp.pos.col };
        if (inFile.has(imp.path)) {
          diagnostics.push(semanticError(at, `duplicate import "${imp.path}"`));
          continue;
        }
        inFile.add(imp.path);
        const display = isAbsolute(imp.path) ? imp.path : join(dirname(ast.file), imp.path);
        const abs = resolve(display);
        if (stack.includes(abs)) {
          diagnostics.push(semanticError(at, `import cycle not allowed: "${imp.path}"`));
          continue;
        }
        if (seen.has(abs)) continue;
        seen.add(abs);
        const child = await readParse(display);
        if (typeof child === 'string') {
          diagnostics.push(semanticError(at, `cannot read imported file "${imp.path}" (${child})`));
        } else if (child) {
          await visit(child);
        }
      }
    }
    stack.pop();
  };

  seen.add(resolve(root));
  const ast = await readParse(root);
  if (typeof ast === 'string') {
    diagnostics.push({
      file: root,
      line: 1,
      col: 1,
      message: `cannot read file (${ast})`,
      kind: 'syntax',
      severity: 'error',
    });
  } else if (ast) {
    await visit(ast);
  }
  return { files, diagnostics };
}

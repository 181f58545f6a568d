// Recursive-descent parser for one `.api` file: `syntax`, `info`, `import`, `type` and service
// statements in any order (goctl parser.go `parseStmt`). Stops at the first syntax error and
// returns it as a diagnostic; never throws.
import { readFile } from 'node:fs/promises';
import {
  noComments,
  type ApiFile,
  type ImportPath,
  type ImportStmt,
  type InfoStmt,
  type Stmt,
  type SyntaxStmt,
} from './ast.js';
import type { ApiDiagnostic } from './diagnostics.js';
import { Cursor, parseKeyValue, SyntaxFailure } from './parser-core.js';
import { parseService } from './parser-service.js';
import { parseTypeStmt } from './parser-types.js';
import { scan } from './scanner.js';

/** What parsing one file gives: the tree when there was no syntax error, and the diagnostics. */
export interface ParseResult {
  ast?: ApiFile;
  diagnostics: ApiDiagnostic[];
}

/** Parse `.api` source text; `filename` only labels positions. */
export function parseApiSource(text: string, filename: string): ParseResult {
  let cursor: Cursor | undefined;
  const scanned = scan(text, filename);
  try {
    const c = new Cursor(scanned, filename);
    cursor = c;
    const stmts: Stmt[] = [];
    while (!c.peekIs('EOF')) stmts.push(parseStmt(c));
    return { ast: { file: filename, stmts, trailing: scanned.trailing }, diagnostics: c.warnings };
  } catch (err) {
    if (err instanceof SyntaxFailure) {
      return { diagnostics: [...(cursor?.warnings ?? []), err.diagnostic] };
    }
    throw err;
  }
}

/** Read and parse a file; a read failure becomes a diagnostic at 1:1. */
export async function parseApiFile(path: string): Promise<ParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    return {
      diagnostics: [
        {
          file: path,
          line: 1,
          col: 1,
          message: `cannot read file (${reason})`,
          kind: 'syntax',
          severity: 'error',
        },
      ],
    };
  }
  return parseApiSource(text, path);
}

const STATEMENTS = ['syntax', 'info', 'import', 'type', 'service', '@server'];

function parseStmt(c: Cursor): Stmt {
  const p = c.peek;
  if (p.kind === '@server') return parseService(c);
  if (p.kind === 'IDENT') {
    switch (p.text) {
      case 'syntax':
        return parseSyntax(c);
      case 'info':
        return parseInfo(c);
      case 'import':
        return parseImport(c);
      case 'type':
        return parseTypeStmt(c);
      case 'service':
        return parseService(c);
    }
  }
  return c.fail(STATEMENTS);
}

function parseSyntax(c: Cursor): SyntaxStmt {
  const comments = noComments();
  return c.collect(comments, () => {
    const kw = c.advance();
    c.expect('=');
    const value = c.expect('STRING');
    return {
      kind: 'syntax',
      pos: c.pos(kw),
      value: value.text.slice(1, -1),
      valuePos: c.pos(value),
      comments,
    };
  });
}

function parseInfo(c: Cursor): InfoStmt {
  const stmt: InfoStmt = {
    kind: 'info',
    pos: c.pos(c.peek),
    entries: [],
    open: noComments(),
    close: noComments(),
  };
  c.collect(stmt.open, () => {
    c.advance();
    c.expect('(');
  });
  while (!c.peekIs(')', 'EOF')) {
    stmt.entries.push(parseKeyValue(c));
    if (!c.peekIs(')', 'IDENT')) c.fail([')', 'IDENT']);
  }
  c.collect(stmt.close, () => c.expect(')'));
  return stmt;
}

function parseImport(c: Cursor): ImportStmt {
  const stmt: ImportStmt = {
    kind: 'import',
    pos: c.pos(c.peek),
    grouped: c.peek2.kind === '(',
    paths: [],
    open: noComments(),
    close: noComments(),
  };
  const importPath = (): ImportPath => {
    const tok = c.expect('STRING');
    return { path: tok.text.slice(1, -1), pos: c.pos(tok), comments: noComments() };
  };
  if (!stmt.grouped) {
    if (c.peek2.kind !== 'STRING') {
      c.advance();
      c.fail(['(', 'STRING']);
    }
    const comments = noComments();
    const path = c.collect(comments, () => {
      c.advance();
      return importPath();
    });
    path.comments = comments;
    stmt.paths.push(path);
    return stmt;
  }
  c.collect(stmt.open, () => {
    c.advance();
    c.advance();
  });
  while (!c.peekIs(')', 'EOF')) {
    const comments = noComments();
    const path = c.collect(comments, importPath);
    path.comments = comments;
    stmt.paths.push(path);
    if (!c.peekIs(')', 'STRING')) c.fail([')', 'STRING']);
  }
  c.collect(stmt.close, () => c.expect(')'));
  return stmt;
}

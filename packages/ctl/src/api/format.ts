// `vigilctl api format`: canonical layout of one `.api` file (goctl pkg/parser/api/format):
// tab indentation, one blank line between statements (consecutive single imports stay together),
// aligned `key: value` blocks and struct fields, one blank line between routes, every comment
// kept. Only the syntax is checked, so a file with semantic errors can still be formatted.
// The output is a fixed point: formatting it again changes nothing.
import type {
  AtDoc,
  Comments,
  ImportStmt,
  KeyValue,
  Pos,
  ServiceStmt,
  Stmt,
  TypeDecl,
  TypeStmt,
} from './ast.js';
import type { ApiDiagnostic } from './diagnostics.js';
import { writeType, Writer } from './format-writer.js';
import { parseApiSource } from './parser.js';

/** Formatted text (absent on a syntax error) and the parser's diagnostics. */
export interface FormatResult {
  output?: string;
  diagnostics: ApiDiagnostic[];
}

/** Format `.api` source text; `filename` labels diagnostics. */
export function formatApi(text: string, filename = '<input>'): FormatResult {
  const parsed = parseApiSource(text, filename);
  if (!parsed.ast) return { diagnostics: parsed.diagnostics };
  const w = new Writer();
  let prev: Stmt | undefined;
  for (const stmt of parsed.ast.stmts) {
    const singleImport = (s: Stmt | undefined) => s?.kind === 'import' && !s.grouped;
    if (prev && !(singleImport(prev) && singleImport(stmt))) w.blank();
    writeStmt(w, stmt);
    prev = stmt;
  }
  if (parsed.ast.trailing.length) {
    w.blank();
    w.lead(parsed.ast.trailing, '');
  }
  return { output: w.result(), diagnostics: parsed.diagnostics };
}

function writeStmt(w: Writer, stmt: Stmt): void {
  switch (stmt.kind) {
    case 'syntax':
      w.lead(stmt.comments.lead, '', stmt.pos.line);
      w.defer(stmt.comments.tail);
      w.write(`syntax = "${stmt.value}"`);
      w.newline();
      return;
    case 'info':
      writeBlock(w, 'info', stmt.pos, stmt.entries, stmt.open, stmt.close, '');
      return;
    case 'import':
      writeImport(w, stmt);
      return;
    case 'type':
      writeTypeStmt(w, stmt);
      return;
    case 'service':
      writeService(w, stmt);
      return;
  }
}

/** `word (` + aligned `key: value` lines + `)`. */
function writeBlock(
  w: Writer,
  word: string,
  pos: Pos,
  entries: readonly KeyValue[],
  open: Comments,
  close: Comments,
  indent: string,
): void {
  w.lead(open.lead, indent, pos.line);
  w.defer(open.tail);
  if (entries.length === 0 && close.lead.length === 0) {
    w.write(`${indent}${word} ()`);
    w.defer(close.tail);
    w.newline();
    return;
  }
  w.write(`${indent}${word} (`);
  w.newline();
  const width = Math.max(...entries.map((e) => e.key.length + 1));
  for (const e of entries) {
    w.lead(e.comments.lead, `${indent}\t`, e.keyPos.line);
    w.defer(e.comments.tail);
    w.write(`${indent}\t${`${e.key}:`.padEnd(width)} ${e.raw}`);
    w.newline();
  }
  w.lead(close.lead, `${indent}\t`);
  w.defer(close.tail);
  w.write(`${indent})`);
  w.newline();
}

function writeImport(w: Writer, stmt: ImportStmt): void {
  if (!stmt.grouped) {
    const p = stmt.paths[0];
    if (!p) return;
    w.lead(p.comments.lead, '', stmt.pos.line);
    w.defer(p.comments.tail);
    w.write(`import "${p.path}"`);
    w.newline();
    return;
  }
  w.lead(stmt.open.lead, '', stmt.pos.line);
  w.defer(stmt.open.tail);
  w.write('import (');
  w.newline();
  for (const p of stmt.paths) {
    w.lead(p.comments.lead, '\t', p.pos.line);
    w.defer(p.comments.tail);
    w.write(`\t"${p.path}"`);
    w.newline();
  }
  w.lead(stmt.close.lead, '\t');
  w.defer(stmt.close.tail);
  w.write(')');
  w.newline();
}

function writeTypeStmt(w: Writer, stmt: TypeStmt): void {
  if (!stmt.grouped) {
    const d = stmt.decls[0];
    if (d) writeDecl(w, d, 'type ', '', stmt.pos.line);
    return;
  }
  w.lead(stmt.open.lead, '', stmt.pos.line);
  w.defer(stmt.open.tail);
  w.write('type (');
  w.newline();
  stmt.decls.forEach((d, k) => {
    if (k > 0 && d.blankBefore) w.blank();
    writeDecl(w, d, '', '\t', d.pos.line);
  });
  w.lead(stmt.close.lead, '\t');
  w.defer(stmt.close.tail);
  w.write(')');
  w.newline();
}

function writeDecl(w: Writer, d: TypeDecl, keyword: string, indent: string, line: number): void {
  w.lead(d.comments.lead, indent, line);
  w.defer(d.comments.tail);
  w.write(`${indent}${keyword}${d.name} ${d.alias ? '= ' : ''}`);
  writeType(w, d.type, indent);
  w.newline();
}

function writeService(w: Writer, stmt: ServiceStmt): void {
  const s = stmt.server;
  if (s && (s.entries.length || s.open.lead.length || s.close.lead.length)) {
    writeBlock(w, '@server', s.pos, s.entries, s.open, s.close, '');
  } else if (s) {
    // An empty `@server()` means nothing; its comments move above the service line.
    w.lead([...s.open.lead, ...s.open.tail, ...s.close.tail], '', stmt.pos.line);
  }
  w.lead(stmt.open.lead, '', stmt.namePos.line);
  w.defer(stmt.open.tail);
  if (stmt.items.length === 0 && stmt.close.lead.length === 0) {
    w.write(`service ${stmt.name} {}`);
    w.defer(stmt.close.tail);
    w.newline();
    return;
  }
  w.write(`service ${stmt.name} {`);
  w.newline();
  stmt.items.forEach((item, k) => {
    if (k > 0) w.blank();
    if (item.doc) writeAtDoc(w, item.doc);
    w.lead(item.handler.comments.lead, '\t', item.handler.pos.line);
    w.defer(item.handler.comments.tail);
    w.write(`\t@handler ${item.handler.name}`);
    w.newline();
    const r = item.route;
    w.lead(r.comments.lead, '\t', r.pos.line);
    w.defer(r.comments.tail);
    const body = (b: typeof r.request) =>
      b && `(${b.slice ? '[]' : ''}${b.pointer ? '*' : ''}${b.name})`;
    const req = body(r.request);
    const resp = body(r.response);
    w.write(`\t${r.method} ${r.path}${req ? ` ${req}` : ''}${resp ? ` returns ${resp}` : ''}`);
    w.newline();
  });
  w.lead(stmt.close.lead, '\t');
  w.defer(stmt.close.tail);
  w.write('}');
  w.newline();
}

function writeAtDoc(w: Writer, doc: AtDoc): void {
  if (doc.entries) {
    writeBlock(w, '@doc', doc.pos, doc.entries, doc.open, doc.close, '\t');
    return;
  }
  w.lead(doc.open.lead, '\t', doc.pos.line);
  w.defer(doc.open.tail);
  w.write(`\t@doc ${doc.text ?? '""'}`);
  w.newline();
}

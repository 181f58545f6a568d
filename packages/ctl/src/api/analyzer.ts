// Semantic analysis: parsed files (root first, then imports) → resolved ApiSpec. Checks follow
// goctl's parser/api.go SelfCheck and parser/analyzer.go; every error carries its position and
// all of them are reported, not only the first.
import type { ApiFile, TypeDecl } from './ast.js';
import { analyzeServices, unquote } from './analyzer-routes.js';
import { resolveFields, typeText, type TypeContext } from './analyzer-types.js';
import {
  hasErrors,
  semanticError,
  sortDiagnostics,
  type ApiDiagnostic,
  type SourcePos,
} from './diagnostics.js';
import type { ApiSpec, Route, TypeDef } from './spec.js';

/** The resolved contract (absent when there are errors) and every diagnostic found. */
export interface AnalyzeResult {
  spec?: ApiSpec;
  diagnostics: ApiDiagnostic[];
}

/** Check and resolve a contract made of `files` (the root file first). */
export function analyzeApi(files: readonly ApiFile[]): AnalyzeResult {
  const diagnostics: ApiDiagnostic[] = [];
  const root = files[0];
  const syntax = root ? syntaxOf(root, diagnostics) : 'v1';
  for (const f of files.slice(1)) {
    const s = syntaxOf(f, diagnostics);
    const stmt = f.stmts.find((x) => x.kind === 'syntax');
    if (s !== syntax && stmt?.kind === 'syntax') {
      diagnostics.push(
        semanticError(
          { file: f.file, ...stmt.valuePos },
          `syntax "${s}" differs from the root file's "${syntax}"`,
        ),
      );
    }
  }
  const info = root ? infoOf(root, diagnostics) : {};
  for (const f of files.slice(1)) infoOf(f, diagnostics);

  // Declared type names across all files; the first declaration wins, later ones are errors.
  const decls: { file: string; decl: TypeDecl }[] = [];
  const first = new Map<string, SourcePos>();
  for (const f of files) {
    for (const stmt of f.stmts) {
      if (stmt.kind !== 'type') continue;
      for (const decl of stmt.decls) {
        const pos = { file: f.file, ...decl.pos };
        const prev = first.get(decl.name);
        if (prev) {
          diagnostics.push(
            semanticError(
              pos,
              `duplicate type <${decl.name}> (first declared at ${prev.file}:${prev.line}:${prev.col})`,
            ),
          );
          continue;
        }
        first.set(decl.name, pos);
        decls.push({ file: f.file, decl });
      }
    }
  }
  const declared = new Set(first.keys());
  const types: TypeDef[] = [];
  for (const { file, decl } of decls) {
    const pos = { file, ...decl.pos };
    if (decl.type.kind !== 'struct') {
      diagnostics.push(
        semanticError(pos, `type <${decl.name}> must be a struct, got <${typeText(decl.type)}>`),
      );
      continue;
    }
    const ctx: TypeContext = { file, declared, diagnostics };
    types.push({
      name: decl.name,
      fields: resolveFields(ctx, decl.type.fields),
      doc: decl.comments.lead.map((c) => c.text),
      comment: decl.comments.tail.map((c) => c.text),
      pos,
    });
  }

  const structs = new Set(types.map((t) => t.name));
  const { service, groups } = analyzeServices(files, structs, diagnostics);
  const routes: Route[] = groups.flatMap((g) => g.routes);
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted };
  return {
    spec: { syntax, info, service, types, groups, routes, files: files.map((f) => f.file) },
    diagnostics: sorted,
  };
}

function syntaxOf(f: ApiFile, diagnostics: ApiDiagnostic[]): string {
  const stmts = f.stmts.filter((s) => s.kind === 'syntax');
  for (const dup of stmts.slice(1)) {
    diagnostics.push(semanticError({ file: f.file, ...dup.pos }, 'duplicate syntax statement'));
  }
  const s = stmts[0];
  return s?.kind === 'syntax' ? s.value : 'v1';
}

function infoOf(f: ApiFile, diagnostics: ApiDiagnostic[]): Record<string, string> {
  const infos = f.stmts.filter((s) => s.kind === 'info');
  for (const dup of infos.slice(1)) {
    diagnostics.push(semanticError({ file: f.file, ...dup.pos }, 'duplicate info statement'));
  }
  const out: Record<string, string> = {};
  const stmt = infos[0];
  if (stmt?.kind !== 'info') return out;
  for (const kv of stmt.entries) {
    if (kv.key in out) {
      diagnostics.push(
        semanticError({ file: f.file, ...kv.keyPos }, `duplicate info key <${kv.key}>`),
      );
    }
    out[kv.key] = unquote(kv.raw);
  }
  return out;
}
